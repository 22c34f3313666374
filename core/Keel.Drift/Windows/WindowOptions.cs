namespace Keel.Drift.Windows;

/// <summary>
/// How <see cref="TumblingWindows"/> cuts a stream: by event time (fixed duration, aligned to the
/// Unix epoch), by row count, or both (a time window that fills up closes early and the rest of its
/// time slot starts a new window).
/// </summary>
public sealed record WindowOptions
{
    public TimeSpan? Duration { get; init; }

    public long? MaxRows { get; init; }

    /// <summary>How far behind the latest event time a time window is kept open for late rows.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.Zero;

    /// <summary>The most time windows kept open at once; opening one more closes the oldest early.</summary>
    public int MaxOpenWindows { get; init; } = 4;

    public void Validate()
    {
        if (Duration is null && MaxRows is null)
        {
            throw new ArgumentException("a window needs a duration, a row count or both");
        }
        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"window duration {duration} is not positive");
        }
        if (MaxRows is < 1)
        {
            throw new ArgumentException($"window row count {MaxRows} is not positive");
        }
        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentException($"allowed lateness {AllowedLateness} is negative");
        }
        if (MaxOpenWindows < 1)
        {
            throw new ArgumentException($"at most {MaxOpenWindows} open windows: at least one is needed");
        }
    }
}
