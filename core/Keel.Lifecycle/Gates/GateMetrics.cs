using System.Diagnostics.Metrics;
using Keel.Gates;

namespace Keel.Lifecycle;

/// <summary>
/// Gate outcomes on the <c>Keel.Lifecycle</c> meter: one count per gate a candidate was judged by,
/// tagged with the verdict, so a dashboard shows which gates hold models back.
/// </summary>
public static class GateMetrics
{
    public const string MeterName = "Keel.Lifecycle";

    private static readonly Meter Meter = new(MeterName, typeof(GateMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Results = Meter.CreateCounter<long>("keel.gates.results", "{result}", "Gate results of candidate models, by gate and verdict (pass, fail, skipped).");

    internal static void Record(string tenant, GateReport report)
    {
        foreach (var result in report.Results)
        {
            Results.Add(1,
                new KeyValuePair<string, object?>("tenant", tenant),
                new KeyValuePair<string, object?>("model", report.ModelName),
                new KeyValuePair<string, object?>("gate", result.Gate),
                new KeyValuePair<string, object?>("verdict", result.Verdict.ToString().ToLowerInvariant()));
        }
    }
}
