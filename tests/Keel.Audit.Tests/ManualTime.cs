namespace Keel.Audit.Tests;

/// <summary>A clock the test moves, so entry times are known.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
