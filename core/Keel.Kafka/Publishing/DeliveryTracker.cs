using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Keel.Kafka;

/// <summary>
/// Waits for the delivery reports of one publish call. The producing loop holds one count of its
/// own until it has handed over every message, so reports arriving early cannot finish the wait.
/// </summary>
internal sealed class DeliveryTracker
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<DeliveryFailure> _failures = new();
    private int _pending = 1;

    public Task Completion => _completion.Task;

    public IReadOnlyList<DeliveryFailure> Failures => [.. _failures];

    /// <summary>Counts a message about to be handed to the producer.</summary>
    public void Sending() => Interlocked.Increment(ref _pending);

    /// <summary>The producer did not take the message (it threw); its count is released.</summary>
    public void NotSent(string? eventId, string? reason)
    {
        if (reason is not null)
        {
            _failures.Enqueue(new DeliveryFailure(eventId, reason));
        }
        Release();
    }

    public void Reported(string? eventId, Error error)
    {
        if (error.IsError)
        {
            _failures.Enqueue(new DeliveryFailure(eventId, $"{error.Reason} ({error.Code})"));
        }
        Release();
    }

    public void AllSent() => Release();

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _completion.TrySetResult();
        }
    }
}
