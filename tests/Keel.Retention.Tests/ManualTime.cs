namespace Keel.Retention.Tests;

/// <summary>A clock the test moves, so that run ends, archive times and ages are known to the day.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(double days) => Now += TimeSpan.FromDays(days);
}
