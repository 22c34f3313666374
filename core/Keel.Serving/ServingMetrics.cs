using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Keel.Serving.Runtime;

namespace Keel.Serving;

/// <summary>
/// The service's instruments on the <c>Keel.Serving</c> meter: queue depth per model version
/// (what KEDA scales on), rows per session run, session run latency, and requests by outcome.
/// </summary>
public sealed class ServingMetrics : IDisposable
{
    public const string MeterName = "Keel.Serving";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<DynamicBatcher, KeyValuePair<string, object?>[]> _queues = new();
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _requests;

    public ServingMetrics(IMeterFactory? meterFactory = null)
    {
        // A meter from the container's factory keeps two hosts in one process (tests) apart.
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("keel.serving.queue.depth", ObserveQueues, "{request}", "Requests waiting in a model version's queue");
        // Without advice the SDK's default buckets (0 to 10,000) would put every run, seconds or rows, in the first few.
        _batchSize = _meter.CreateHistogram<int>("keel.serving.batch.size", "{row}", "Rows in one session run", tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _latency = _meter.CreateHistogram<double>("keel.serving.inference.duration", "s", "Duration of one session run", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _requests = _meter.CreateCounter<long>("keel.serving.requests", "{request}", "Inference requests by model, version and outcome");
    }

    internal void Track(DynamicBatcher queue, string tenant, string model, int version) =>
        _queues[queue] = [new("tenant", tenant), new("model", model), new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    internal void Untrack(DynamicBatcher queue) => _queues.TryRemove(queue, out _);

    internal void RecordBatch(DynamicBatcher queue, int rows, TimeSpan duration)
    {
        if (_queues.TryGetValue(queue, out var tags))
        {
            _batchSize.Record(rows, tags);
            _latency.Record(duration.TotalSeconds, tags);
        }
    }

    /// <summary>Counts a request; outcome is ok, invalid, overloaded, not_found or failed.</summary>
    public void RecordRequest(string model, string? version, string outcome)
    {
        var tags = new TagList { { "model", model }, { "version", version ?? "" }, { "outcome", outcome } };
        _requests.Add(1, tags);
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveQueues() => _queues.Select(pair => new Measurement<int>(pair.Key.Depth, pair.Value));
}
