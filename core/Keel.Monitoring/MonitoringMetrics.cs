using System.Diagnostics.Metrics;
using Keel.Drift.Detection;
using Keel.Drift.Quality;

namespace Keel.Monitoring;

/// <summary>The drift and data-quality instruments, on the <c>Keel.Monitoring</c> meter.</summary>
public static class MonitoringMetrics
{
    public const string MeterName = "Keel.Monitoring";

    private static readonly Meter Meter = new(MeterName, typeof(MonitoringMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Detected = Meter.CreateCounter<long>("keel.drift.detected", "{window}", "Windows of live predictions judged to have drifted from the version's reference.");

    private static readonly Gauge<double> DatasetShare = Meter.CreateGauge<double>("keel.drift.dataset_share", "1", "Share of the compared features that drifted in the latest judged window.");

    private static readonly Gauge<double> FeatureScore = Meter.CreateGauge<double>("keel.drift.feature_score", "1", "Each feature's drift statistic in the latest judged window (a p-value for tests, a distance otherwise; see the method tag).");

    private static readonly Counter<long> QualityFindings = Meter.CreateCounter<long>("keel.data_quality.findings", "{finding}", "Data-quality findings in judged windows, by kind.");

    public static void Judged(VersionKey key, DriftReport report, bool alerted)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tags = Tags(key);
        DatasetShare.Record(report.DriftShare, tags);
        foreach (var feature in report.Features.Append(report.Score).OfType<FeatureDrift>())
        {
            if (feature.Statistic is { } statistic && double.IsFinite(statistic))
            {
                FeatureScore.Record(feature.PValue ?? statistic,
                    [.. tags, new("feature", feature.Feature), new("method", feature.Method?.ToString())]);
            }
        }
        if (alerted)
        {
            Detected.Add(1, tags);
        }
    }

    public static void Findings(VersionKey key, DataQualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var finding in report.Findings)
        {
            QualityFindings.Add(1, [.. Tags(key), new("feature", finding.Feature), new("kind", finding.Kind.ToString())]);
        }
    }

    private static KeyValuePair<string, object?>[] Tags(VersionKey key) =>
        [new("tenant", key.Tenant), new("model", key.Model), new("version", key.Version)];
}
