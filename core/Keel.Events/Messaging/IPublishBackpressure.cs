namespace Keel.Events.Messaging;

/// <summary>
/// Says whether a topic may take more events now. Ingestion asks before publishing, so a
/// consumer that falls behind slows its producers down instead of the log dropping what it
/// cannot keep.
/// </summary>
public interface IPublishBackpressure
{
    /// <summary>Throws <see cref="OverloadedException"/> when the topic's consumers are too far behind.</summary>
    ValueTask EnsureCapacityAsync(string topic, CancellationToken cancellationToken);
}

/// <summary>No backpressure: the log keeps what its consumers have not read yet (a real cluster with its retention).</summary>
public sealed class NoBackpressure : IPublishBackpressure
{
    public static NoBackpressure Instance { get; } = new();

    public ValueTask EnsureCapacityAsync(string topic, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
