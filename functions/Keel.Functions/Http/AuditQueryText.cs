using System.Globalization;
using Keel.Audit;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>
/// <c>from</c> and <c>to</c> of the audit routes: a sequence number (both ends included) or an ISO 8601
/// time (from included, to excluded), either end optional.
/// </summary>
public static class AuditQueryText
{
    public static bool TryReadRange(HttpRequest request, out AuditRange range, out IResult? problem)
    {
        range = AuditRange.All;
        problem = null;
        long? fromSequence = null, toSequence = null;
        DateTimeOffset? fromTime = null, toTime = null;
        foreach (var (name, isFrom) in new[] { ("from", true), ("to", false) })
        {
            var text = request.Query[name].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
            {
                (isFrom ? ref fromSequence : ref toSequence) = sequence;
            }
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                (isFrom ? ref fromTime : ref toTime) = time;
            }
            else
            {
                problem = ProblemResults.BadRequest("Invalid range", $"{name}: '{text}' is neither a sequence number (1 or more) nor an ISO 8601 time.");
                return false;
            }
        }
        range = new AuditRange(fromSequence, toSequence, fromTime, toTime);
        return true;
    }
}
