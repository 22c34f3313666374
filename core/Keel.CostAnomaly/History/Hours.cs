namespace Keel.CostAnomaly.History;

/// <summary>Hours counted from the Unix epoch, so hour arithmetic is integer arithmetic.</summary>
public static class Hours
{
    public const int PerWeek = 168;

    public static long Of(DateTimeOffset instant) => (long)Math.Floor(instant.ToUnixTimeSeconds() / 3600.0);

    public static DateTimeOffset Start(long hour) => DateTimeOffset.FromUnixTimeSeconds(hour * 3600);

    public static DateTimeOffset End(long hour) => Start(hour + 1);
}
