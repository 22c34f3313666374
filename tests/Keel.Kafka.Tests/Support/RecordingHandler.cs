using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

/// <summary>
/// A handler whose sink records which event ids it applied and how often, and which also records
/// every id it was given (redeliveries included). Like a transactional handler, it applies a batch
/// all or nothing: the hook runs before anything is applied and may throw or block.
/// </summary>
public sealed class RecordingHandler(string name) : IEventBatchHandler
{
    private int _calls;

    public string Name { get; } = name;

    /// <summary>Every id handed to this handler, with how many times.</summary>
    public ConcurrentDictionary<string, int> Seen { get; } = new();

    /// <summary>The sink: ids applied, with how many times.</summary>
    public ConcurrentDictionary<string, int> Applied { get; } = new();

    /// <summary>Batches in the order they were handed over.</summary>
    public ConcurrentQueue<string[]> Batches { get; } = new();

    /// <summary>Runs before a batch is applied: throw to fail the call, await to block it.</summary>
    public Func<IReadOnlyList<CloudEvent>, int, CancellationToken, Task>? BeforeApply { get; set; }

    /// <summary>Returns a reason to reject an event for good, or null to apply it.</summary>
    public Func<CloudEvent, string?>? Reject { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public int DuplicateApplications => Applied.Values.Count(v => v > 1);

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Batches.Enqueue(events.Select(e => e.Id!).ToArray());
        foreach (var cloudEvent in events)
        {
            Seen.AddOrUpdate(cloudEvent.Id!, 1, (_, n) => n + 1);
        }
        if (BeforeApply is { } hook)
        {
            await hook(events, call, cancellationToken);
        }
        var rejected = new List<Rejection>();
        foreach (var cloudEvent in events)
        {
            if (Reject?.Invoke(cloudEvent) is { } reason)
            {
                rejected.Add(new Rejection(cloudEvent, reason));
                continue;
            }
            Applied.AddOrUpdate(cloudEvent.Id!, 1, (_, n) => n + 1);
        }
        return new BatchOutcome(rejected);
    }
}
