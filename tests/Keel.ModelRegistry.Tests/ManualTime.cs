namespace Keel.ModelRegistry.Tests;

/// <summary>A clock the test sets, so that recorded times can be asserted exactly.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
