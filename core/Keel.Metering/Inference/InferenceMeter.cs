using Keel.Costs.Metering;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Meters serving: each session run's compute time is apportioned to its requests by rows
/// (<see cref="InferenceUsage"/>, whose parts add up to the run exactly) and added to its series
/// (tenant, model, version, variant, device kind and the other tags). <see cref="Drain"/> turns the
/// series into usage records, one per series, which the flusher sends every interval and at stop.
/// Memory holds at most <see cref="MeteringOptions.MaxSeries"/> series, plus one per tenant, item
/// and device for what does not fit, kept under the tenant alone and otherwise untagged.
/// </summary>
public sealed class InferenceMeter : IBatchObserver, IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<InferenceSeries, InferenceAggregate> _series = [];
    private readonly List<MeteredUsage> _sealed = [];
    private readonly InferenceTags _tags;
    private readonly MeteringOptions _options;
    private readonly ILogger<InferenceMeter> _logger;
    private readonly CostEventOutbox? _outbox;
    // Ids are this meter's and a sequence: unique across replicas and restarts, fixed once made.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private long _sequence;
    private long _batches;
    private long _overflowed;

    /// <param name="outbox">Where usage left at disposal is spooled; the model host that reports to this meter is disposed (drained) first.</param>
    public InferenceMeter(InferenceTags tags, IOptions<MeteringOptions> options, ILogger<InferenceMeter> logger, CostEventOutbox? outbox = null)
    {
        _tags = tags;
        _options = options.Value;
        _logger = logger;
        _outbox = outbox;
    }

    /// <summary>Runs metered since start.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Request parts kept under their tenant alone because the series table was full.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    public int Series
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    public void OnBatch(ServedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.RequestRows.Count == 0)
        {
            return;
        }
        var deployment = _tags.For(batch.Tenant, batch.Model, batch.Version);
        var device = batch.ExecutionProvider.Contains("CUDA", StringComparison.OrdinalIgnoreCase)
            ? InferenceDevice.Gpu(string.IsNullOrWhiteSpace(_options.GpuType) ? AttributionTags.Untagged : _options.GpuType)
            : InferenceDevice.Cpu(_options.CpuCores);
        // A request always has a row; should one claim none, equal shares keep the run's time from being lost.
        var weighted = batch.RequestRows.Any(r => r > 0);
        var requests = new BatchRequest[batch.RequestRows.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = new BatchRequest(i.ToString(System.Globalization.CultureInfo.InvariantCulture), weighted ? Math.Max(0, batch.RequestRows[i]) : 1);
        }
        var parts = InferenceUsage.For(new InferenceBatch("run", batch.Start, batch.ComputeTime, device, deployment, requests));
        lock (_gate)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                Add(parts[i], batch.Succeeded ? Math.Max(0, batch.RequestRows[i]) : 0);
            }
        }
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Takes every series' usage since the last drain as records with fresh ids, and starts again from nothing.</summary>
    public IReadOnlyList<MeteredUsage> Drain()
    {
        lock (_gate)
        {
            var usage = new List<MeteredUsage>(_sealed.Count + _series.Count);
            usage.AddRange(_sealed);
            _sealed.Clear();
            foreach (var (series, aggregate) in _series)
            {
                usage.Add(Seal(series, aggregate));
            }
            _series.Clear();
            return usage;
        }
    }

    /// <summary>
    /// Runs served while the host shut down, after the flusher's last flush, are spooled here: the
    /// container disposes this meter after the model host that depends on it has drained.
    /// </summary>
    public void Dispose()
    {
        if (_outbox is null)
        {
            return;
        }
        try
        {
            _outbox.Add(Drain());
            _outbox.SpoolPending();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Could not spool the last inference usage at shutdown");
        }
    }

    private void Add(UsageRecord part, long predictions)
    {
        var series = new InferenceSeries(part.Tags, part.Item, part.DeviceKind);
        if (!_series.TryGetValue(series, out var aggregate))
        {
            if (_series.Count >= _options.MaxSeries)
            {
                series = new InferenceSeries(new AttributionTags(part.Tags.Tenant), part.Item, part.DeviceKind);
                if (Interlocked.Increment(ref _overflowed) == 1)
                {
                    _logger.LogWarning("More than {Max} inference series are metered at once; further usage is kept under its tenant alone, untagged otherwise",
                        _options.MaxSeries);
                }
            }
            if (!_series.TryGetValue(series, out aggregate))
            {
                aggregate = new InferenceAggregate(part.Start, part.End);
                _series[series] = aggregate;
            }
        }
        if (aggregate.WouldOverflow(predictions))
        {
            _sealed.Add(Seal(series, aggregate));
            aggregate = new InferenceAggregate(part.Start, part.End);
            _series[series] = aggregate;
        }
        aggregate.Add(part, predictions);
    }

    private MeteredUsage Seal(InferenceSeries series, InferenceAggregate aggregate)
    {
        var id = $"inference/{_instance}/{++_sequence}";
        return new MeteredUsage(new UsageRecord(id, MeteredActivity.Inference, series.Item, aggregate.Quantity, aggregate.Start, aggregate.End,
            series.DeviceKind, series.Tags), aggregate.Predictions);
    }
}
