using CloudNative.CloudEvents;

namespace Keel.Events.Messaging;

/// <summary>
/// Handles events delivered at least once. A handler must be idempotent by event id: the
/// transport redelivers a batch after a crash, a rebalance or a failed attempt. Throwing asks
/// for a retry; returning a rejection sends that event to the dead-letter topic without retry.
/// </summary>
public interface IEventBatchHandler
{
    /// <summary>Names the handler in logs, spans, consumer groups and the idempotence ledger.</summary>
    string Name { get; }

    Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken);
}

/// <summary>What a handler did with a batch: everything not rejected was applied.</summary>
public sealed record BatchOutcome(IReadOnlyList<Rejection> Rejected)
{
    public static BatchOutcome Success { get; } = new([]);
}

/// <summary>An event the handler refuses for good (it would fail the same way every time).</summary>
public sealed record Rejection(CloudEvent Event, string Reason);
