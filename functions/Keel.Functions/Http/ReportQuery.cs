using System.Globalization;
using Keel.Reports;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>What a report request asks for: <c>?version=&amp;window=&amp;format=json|html</c>, each optional.</summary>
public sealed record ReportQuery(int? Version, ReportWindow Window, bool Html)
{
    public static bool TryRead(HttpRequest request, ReportWindow defaultWindow, out ReportQuery query, out IResult? problem)
    {
        query = new ReportQuery(null, defaultWindow, false);
        problem = null;
        int? version = null;
        if (request.Query["version"].FirstOrDefault() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                problem = ProblemResults.BadRequest("Invalid version", $"version: '{text}' is not a version number (1 or more).");
                return false;
            }
            version = number;
        }
        if (!ReportWindow.TryParse(request.Query["window"].FirstOrDefault(), defaultWindow, out var window, out var error))
        {
            problem = ProblemResults.BadRequest("Invalid window", error);
            return false;
        }
        var format = request.Query["format"].FirstOrDefault() ?? "json";
        if (format is not ("json" or "html"))
        {
            problem = ProblemResults.BadRequest("Invalid format", $"format: '{format}' is neither json nor html.");
            return false;
        }
        query = new ReportQuery(version, window, format == "html");
        return true;
    }
}
