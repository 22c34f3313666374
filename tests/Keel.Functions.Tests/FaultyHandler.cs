using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Keel.Events.Messaging;

namespace Keel.Functions.Tests;

/// <summary>
/// Wraps the real handler to fail the way production does: part of a batch is applied and then
/// the attempt throws, or the handler hangs mid-batch until the consumer is killed.
/// </summary>
internal sealed class FaultyHandler(IEventBatchHandler inner) : IEventBatchHandler
{
    private readonly ConcurrentDictionary<string, int> _seen = new();

    public string Name => inner.Name;

    /// <summary>Events whose first delivery applies half its batch and then throws.</summary>
    public Func<string, bool> FailFirstAttempt { get; init; } = _ => false;

    /// <summary>Set to hang the next batch after applying half of it, until cancelled.</summary>
    public TaskCompletionSource? HangNextBatch { get; set; }

    public int Deliveries => _seen.Values.Sum();

    public int Redelivered => _seen.Values.Count(v => v > 1);

    public int Failures { get; private set; }

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var first = events.Where(e => _seen.AddOrUpdate(e.Id!, 1, (_, n) => n + 1) == 1).Select(e => e.Id!).ToHashSet();
        var half = events.Take(Math.Max(1, events.Count / 2)).ToArray();
        if (events.Any(e => first.Contains(e.Id!) && FailFirstAttempt(e.Id!)))
        {
            await inner.HandleAsync(half, cancellationToken);
            Failures++;
            throw new InvalidOperationException("injected failure after applying half of the batch");
        }
        if (HangNextBatch is { } hang)
        {
            HangNextBatch = null;
            await inner.HandleAsync(half, cancellationToken);
            hang.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return await inner.HandleAsync(events, cancellationToken);
    }
}
