namespace Keel.Audit;

/// <summary>Times are stored and hashed as whole milliseconds since the Unix epoch, UTC.</summary>
internal static class UnixMilliseconds
{
    private static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// A stored value outside what a time can hold was not written by the log; it is clamped rather
    /// than thrown on, and then fails its entry's hash like any other edit.
    /// </summary>
    public static DateTimeOffset ToTime(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, Min, Max));

    public static DateTimeOffset Truncate(DateTimeOffset time) => ToTime(time.ToUnixTimeMilliseconds());
}
