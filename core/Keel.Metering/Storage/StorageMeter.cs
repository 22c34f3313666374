using Keel.Costs.Metering;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.ModelRegistry;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Measures the bytes held per tenant and model — artifacts (through registry versions and runs),
/// offline store files, the online store (the embedded store's file, or a server store such as Redis
/// that measures itself, <see cref="IMeasurableOnlineStore"/>) — and meters them as storage held over a span.
/// Call <see cref="MeterAsync"/> from a timer with consecutive spans (say each hour): the bytes held
/// at the call are charged for the whole span. A span metered twice yields the same event ids, so a
/// retried timer charges nothing twice. Not measured: the model registry's and tracking store's own
/// databases, the event log.
/// </summary>
public sealed class StorageMeter
{
    private readonly ArtifactFootprints _artifacts;
    private readonly StorageMeterOptions _options;
    private readonly StorageOptions _storage;
    private readonly CostEventOutbox _outbox;
    private readonly ILogger<StorageMeter> _logger;
    private readonly IMeasurableOnlineStore? _serverOnlineStore;
    private readonly IFeatureRegistry? _features;

    /// <param name="online">The host's online store; one that measures itself (Redis) is measured instead of the embedded store's file.</param>
    /// <param name="features">The feature registry, which names the views a measured online store is asked about.</param>
    public StorageMeter(IModelRegistry registry, ITrackingStore tracking, IArtifactStore artifacts, IOptions<StorageMeterOptions> options,
        IOptions<StorageOptions> storage, CostEventOutbox outbox, ILogger<StorageMeter> logger, IOnlineStore? online = null, IFeatureRegistry? features = null)
    {
        _artifacts = new ArtifactFootprints(registry, tracking, artifacts);
        _serverOnlineStore = online as IMeasurableOnlineStore;
        _features = features;
        _options = options.Value;
        _storage = storage.Value;
        _outbox = outbox;
        _logger = logger;
    }

    /// <summary>What every owner holds now, in every store measured.</summary>
    public async Task<IReadOnlyList<StorageFootprint>> MeasureAsync(CancellationToken cancellationToken)
    {
        var footprints = new List<StorageFootprint>();
        footprints.AddRange(await _artifacts.MeasureAsync(_options.Tenants, cancellationToken).ConfigureAwait(false));
        footprints.AddRange(FileFootprints.Offline(_options.OfflineDirectory is { Length: > 0 } offline ? Path.GetFullPath(offline) : _storage.Resolve("offline")));
        if (_serverOnlineStore is not null && _features is not null)
        {
            footprints.AddRange(await ServerOnlineFootprints.MeasureAsync(_serverOnlineStore, _features, cancellationToken).ConfigureAwait(false));
            return footprints;
        }
        var online = _options.OnlineStoreFile ?? Path.Combine("online", "online.db");
        if (online.Length > 0)
        {
            footprints.AddRange(FileFootprints.Online(Path.IsPathRooted(online) ? online : _storage.Resolve(online)));
        }
        return footprints;
    }

    /// <summary>The footprints as storage usage over [from, to): one record per store and owner.</summary>
    public IReadOnlyList<UsageRecord> UsageOf(IEnumerable<StorageFootprint> footprints, DateTimeOffset from, DateTimeOffset to) =>
        UsageOf(footprints, from, to, _options);

    /// <summary>The footprints as storage usage over [from, to), at the tiers <paramref name="options"/> give each store.</summary>
    public static IReadOnlyList<UsageRecord> UsageOf(IEnumerable<StorageFootprint> footprints, DateTimeOffset from, DateTimeOffset to, StorageMeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(footprints);
        ArgumentNullException.ThrowIfNull(options);
        if (to <= from)
        {
            throw new ArgumentException($"The span [{from:O}, {to:O}) is empty.", nameof(to));
        }
        // One record per owner and store: the record id names them and the span, so two would collide.
        return footprints
            .GroupBy(f => (f.Store, f.Tenant, f.Model, f.Version, f.Team, f.CostCentre))
            .Select(g => WithOwnerId(StorageUsage.For(g.Key.Store, options.TierOf(g.Key.Store), g.Sum(f => f.Bytes), from, to,
                new AttributionTags(g.Key.Tenant, g.Key.Team, g.Key.CostCentre, g.Key.Model, g.Key.Version))))
            .ToArray();
    }

    /// <summary>
    /// StorageUsage's id names store, tier, tenant, model, version and span; two runs of one model
    /// under different teams share all of those, so the team and cost centre go into the id as well
    /// (hashed, to keep it short).
    /// </summary>
    private static UsageRecord WithOwnerId(UsageRecord record)
    {
        var owner = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.Tags.Team + "\u001f" + record.Tags.CostCentre));
        return new UsageRecord($"{record.Id}/{Convert.ToHexStringLower(owner)[..16]}", record.Activity, record.Item, record.Quantity,
            record.Start, record.End, record.DeviceKind, record.Tags);
    }

    /// <summary>Measures now and sends the usage for [from, to) on <c>keel.costs</c>; returns the records sent (or queued, when the log is unreachable).</summary>
    public async Task<IReadOnlyList<UsageRecord>> MeterAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var usage = UsageOf(await MeasureAsync(cancellationToken).ConfigureAwait(false), from, to);
        _outbox.Add(usage.Select(r => new MeteredUsage(r)).ToArray());
        if (!await _outbox.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            _logger.LogWarning("Storage usage for {From:O} to {To:O} is queued: the event log did not take it yet", from, to);
        }
        return usage;
    }
}
