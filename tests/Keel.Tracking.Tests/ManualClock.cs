namespace Keel.Tracking.Tests;

/// <summary>A clock the test moves, so start times, durations and orderings are exact.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
