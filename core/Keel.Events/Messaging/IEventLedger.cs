namespace Keel.Events.Messaging;

/// <summary>Remembers which event ids a handler has processed, per tenant.</summary>
public interface IEventLedger
{
    Task<IReadOnlySet<string>> FindProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);

    Task MarkProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);
}
