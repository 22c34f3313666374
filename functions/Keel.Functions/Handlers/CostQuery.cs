using System.Globalization;
using Keel.Costs.Attribution;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// What a cost request asks for: <c>?by=&amp;from=&amp;to=&amp;format=</c>, each optional. The window
/// is [from, to) in UTC (ISO 8601 times or dates); by default the 30 days up to now. At most 366 days.
/// </summary>
public sealed record CostQuery(CostDimension By, DateTimeOffset From, DateTimeOffset To, string Format)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static bool TryRead(HttpRequest request, DateTimeOffset now, IReadOnlyList<string> formats, out CostQuery query, out IResult? problem)
    {
        query = new CostQuery(CostDimension.Team, now - DefaultWindow, now, formats[0]);
        problem = null;
        var byText = request.Query["by"].FirstOrDefault();
        var by = CostDimension.Team;
        if (byText is { Length: > 0 } && !CostDimensions.TryParse(byText, out by))
        {
            problem = ProblemResults.BadRequest("Invalid grouping",
                $"by: '{byText}' is not one of {string.Join(", ", Enum.GetValues<CostDimension>().Select(CostDimensions.Name))}.");
            return false;
        }
        if (!TryTime(request, "to", now, out var to, out problem) || !TryTime(request, "from", to - DefaultWindow, out var from, out problem))
        {
            return false;
        }
        if (to <= from)
        {
            problem = ProblemResults.BadRequest("Invalid window", $"from ({from:O}) must be before to ({to:O}).");
            return false;
        }
        if (to - from > MaxWindow)
        {
            problem = ProblemResults.BadRequest("Invalid window", $"The window is {(to - from).TotalDays:0.#} days; at most {MaxWindow.TotalDays:0} days are reported at once.");
            return false;
        }
        var format = (request.Query["format"].FirstOrDefault() ?? formats[0]).Trim().ToLowerInvariant();
        if (!formats.Contains(format))
        {
            problem = ProblemResults.BadRequest("Invalid format", $"format: '{format}' is not one of {string.Join(", ", formats)}.");
            return false;
        }
        query = new CostQuery(by, from, to, format);
        return true;
    }

    private static bool TryTime(HttpRequest request, string name, DateTimeOffset fallback, out DateTimeOffset time, out IResult? problem)
    {
        problem = null;
        time = fallback;
        if (request.Query[name].FirstOrDefault() is not { Length: > 0 } text)
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }
        problem = ProblemResults.BadRequest("Invalid time", $"{name}: '{text}' is not an ISO 8601 time or date (2025-03-04 or 2025-03-04T12:00:00Z).");
        return false;
    }
}
