using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Keel.Decay.Storage;

namespace Keel.Decay.Tracking;

/// <summary>
/// The <c>Keel.Monitoring.Decay</c> meter: the latest live value of each metric per version
/// (<c>keel.decay.metric</c>), the holdout value it is judged against (<c>keel.decay.baseline</c>),
/// alerts raised (<c>keel.decay.alerts</c>) and labels by outcome (<c>keel.decay.labels</c>).
/// </summary>
public sealed class DecayTelemetry : IDisposable
{
    public const string MeterName = "Keel.Monitoring.Decay";

    // A gauge series per tenant × version × metric; past this many the oldest versions are no longer reported rather than grow without end.
    private const int MaxSeries = 10_000;

    private readonly Meter _meter;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _labels;
    private readonly ConcurrentDictionary<(VersionKey Version, string Metric), double> _values = new();
    private readonly ConcurrentDictionary<(VersionKey Version, string Metric), double> _baselines = new();

    public DecayTelemetry(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("keel.decay.metric", () => Observe(_values), "1", "Live value of a quality metric over a version's latest labelled predictions");
        _meter.CreateObservableGauge("keel.decay.baseline", () => Observe(_baselines), "1", "The version's registered holdout value of the same metric, which the live value is judged against");
        _alerts = _meter.CreateCounter<long>("keel.decay.alerts", "{alert}", "Decay alerts raised, by version");
        _labels = _meter.CreateCounter<long>("keel.decay.labels", "{label}", "Feedback labels by outcome: joined, waiting, expired, duplicate");
    }

    public void Record(VersionKey version, IReadOnlyDictionary<string, double> metrics) => Keep(_values, version, metrics);

    /// <summary>The holdout values of the metrics also measured live, so that a rule can set one against the other.</summary>
    public void Baseline(VersionKey version, IReadOnlyDictionary<string, double> metrics) => Keep(_baselines, version, metrics);

    public void Labels(IEnumerable<LabelTally> tallies)
    {
        foreach (var group in tallies.GroupBy(t => t))
        {
            _labels.Add(group.Count(), new TagList { { "tenant", group.Key.Tenant }, { "outcome", group.Key.Outcome.Name() } });
        }
    }

    public void Alert(VersionKey version) => _alerts.Add(1, Tags(version));

    public void Dispose() => _meter.Dispose();

    private static void Keep(ConcurrentDictionary<(VersionKey Version, string Metric), double> series, VersionKey version, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var (metric, value) in metrics)
        {
            if (series.Count < MaxSeries || series.ContainsKey((version, metric)))
            {
                series[(version, metric)] = value;
            }
        }
    }

    private static IEnumerable<Measurement<double>> Observe(ConcurrentDictionary<(VersionKey Version, string Metric), double> series) =>
        series.Select(v =>
        {
            var tags = Tags(v.Key.Version);
            tags.Add("metric", v.Key.Metric);
            return new Measurement<double>(v.Value, tags);
        });

    private static TagList Tags(VersionKey version) =>
        new() { { "tenant", version.Tenant }, { "model", version.Model }, { "version", version.Version.ToString(CultureInfo.InvariantCulture) } };
}
