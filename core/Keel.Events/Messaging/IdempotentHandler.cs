using CloudNative.CloudEvents;

namespace Keel.Events.Messaging;

/// <summary>
/// Makes a handler that is not idempotent by nature safe under redelivery: events whose id the
/// ledger has already seen for this handler and tenant are skipped. An event is recorded only
/// after the inner handler returned, so a crash in between repeats it rather than losing it.
/// </summary>
public sealed class IdempotentHandler(IEventBatchHandler inner, IEventLedger ledger) : IEventBatchHandler
{
    public string Name => inner.Name;

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var fresh = new List<CloudEvent>(events.Count);
        foreach (var group in events.GroupBy(e => e.GetTenant() ?? TenantName.Default))
        {
            var ids = group.Select(e => e.Id!).ToArray();
            var seen = await ledger.FindProcessedAsync(Name, group.Key, ids, cancellationToken);
            var firstOfId = new HashSet<string>();
            // The same id twice in one batch is one event delivered twice.
            fresh.AddRange(group.Where(e => !seen.Contains(e.Id!) && firstOfId.Add(e.Id!)));
        }
        if (fresh.Count == 0)
        {
            return BatchOutcome.Success;
        }

        var outcome = await inner.HandleAsync(fresh, cancellationToken);
        foreach (var group in fresh.GroupBy(e => e.GetTenant() ?? TenantName.Default))
        {
            await ledger.MarkProcessedAsync(Name, group.Key, group.Select(e => e.Id!).ToArray(), cancellationToken);
        }
        return outcome;
    }
}
