namespace Keel.Security.Tests;

/// <summary>A clock stopped at a chosen instant, to issue tokens that are already expired or not yet valid.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
