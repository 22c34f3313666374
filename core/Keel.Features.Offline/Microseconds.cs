namespace Keel.Features.Offline;

/// <summary>
/// The store's clock resolution. Parquet timestamps and DuckDB both count microseconds, while a
/// <see cref="DateTimeOffset"/> counts 100 ns ticks; every timestamp is truncated to the
/// microsecond once, on the way in, so that what is written, compared and returned agree.
/// </summary>
internal static class Microseconds
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Microseconds since the Unix epoch, rounded towards the past.</summary>
    public static long From(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTime.UnixEpoch.Ticks;
        var micros = ticks / TicksPerMicrosecond;
        return ticks % TicksPerMicrosecond < 0 ? micros - 1 : micros;
    }

    public static long From(TimeSpan value) => value.Ticks / TicksPerMicrosecond;

    public static DateTimeOffset ToDateTimeOffset(long micros) =>
        new(DateTime.UnixEpoch.Ticks + (micros * TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>The UTC <see cref="DateTime"/> of a microsecond count.</summary>
    public static DateTime ToUtcDateTime(long micros) =>
        new(DateTime.UnixEpoch.Ticks + (micros * TicksPerMicrosecond), DateTimeKind.Utc);

    /// <summary>The UTC date a timestamp falls on, which names its partition.</summary>
    public static DateOnly Date(long micros) => DateOnly.FromDateTime(ToUtcDateTime(micros));
}
