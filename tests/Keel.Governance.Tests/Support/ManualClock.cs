namespace Keel.Governance.Tests;

/// <summary>A clock a test moves by hand, for retention.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
