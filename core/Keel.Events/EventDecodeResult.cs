using CloudNative.CloudEvents;

namespace Keel.Events;

/// <summary>
/// The outcome of decoding one event: the event when it is valid, otherwise every problem found.
/// <see cref="Id"/>, <see cref="Type"/> and <see cref="Tenant"/> are filled in as far as they could be read,
/// so that a rejected event can still be reported and dead-lettered by name.
/// </summary>
public sealed record EventDecodeResult(CloudEvent? Event, IReadOnlyList<EventProblem> Problems, string? Id, string? Type, string? Tenant)
{
    public bool IsValid => Event is not null && Problems.Count == 0;

    /// <summary>The event's JSON as received, kept for rejected events so they can be dead-lettered unchanged.</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    public static EventDecodeResult Invalid(EventProblem problem) => new(null, [problem], null, null, null);
}

/// <summary>The outcome of decoding a batch: problems of the whole body, or one result per element in order.</summary>
public sealed record BatchDecodeResult(IReadOnlyList<EventProblem> BodyProblems, IReadOnlyList<EventDecodeResult> Items)
{
    public bool BodyIsValid => BodyProblems.Count == 0;
}
