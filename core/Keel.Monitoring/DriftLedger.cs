using Keel.Events.Messaging;
using Keel.Storage;

namespace Keel.Monitoring;

/// <summary>
/// The predictions drift monitoring has counted, by event id, in a ledger of its own
/// (<c>monitoring/drift-ledger.db</c> under the data directory): one row per prediction, kept apart
/// from the ledgers of handlers with far fewer events. Ids older than the retention are pruned
/// (<see cref="PruneAsync"/>), so the ledger grows with the retention, not with all traffic ever.
/// </summary>
public sealed class DriftLedger(StorageOptions storage) : IEventLedger
{
    private readonly SqliteEventLedger _ledger = new(storage.Resolve("monitoring", "drift-ledger.db"));

    public Task<IReadOnlySet<string>> FindProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        _ledger.FindProcessedAsync(handler, tenant, eventIds, cancellationToken);

    public Task MarkProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        _ledger.MarkProcessedAsync(handler, tenant, eventIds, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        _ledger.PruneAsync(before, cancellationToken);
}
