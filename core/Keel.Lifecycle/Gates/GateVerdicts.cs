using System.Text.Json.Serialization;
using Keel.Gates;

namespace Keel.Lifecycle;

/// <summary>One gate's verdict and finding, as a workflow's outcome reports it.</summary>
public sealed record GateFinding(string Gate, GateVerdict Verdict, string Summary);

/// <summary>The gates' verdicts on a run's candidate and where the full report (JSON and HTML) is stored.</summary>
public sealed record GateVerdicts(string RunId, string Model, bool Passed, IReadOnlyList<GateFinding> Gates, string ReportJsonSha256, string ReportHtmlSha256)
{
    [JsonIgnore]
    public IReadOnlyList<GateFinding> Failures => Gates.Where(g => g.Verdict == GateVerdict.Fail).ToArray();

    public static GateVerdicts Of(string runId, GateReport report, string jsonSha256, string htmlSha256) =>
        new(runId, report.ModelName, report.Passed, report.Results.Select(r => new GateFinding(r.Gate, r.Verdict, r.Summary)).ToArray(), jsonSha256, htmlSha256);
}
