namespace Keel.Costs.Metering;

/// <summary>Exact decimal lengths of time, so that quantities multiply out without floating-point error.</summary>
internal static class Durations
{
    public static decimal Seconds(DateTimeOffset from, DateTimeOffset to) => (decimal)(to - from).Ticks / TimeSpan.TicksPerSecond;

    public static decimal Seconds(TimeSpan span) => (decimal)span.Ticks / TimeSpan.TicksPerSecond;
}
