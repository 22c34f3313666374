using Keel.Costs.Pricing;

namespace Keel.Metering.Tests;

/// <summary>The test day's price book, and the same prices written out by hand for the reconciliation to check against.</summary>
internal static class Prices
{
    public static readonly DateTimeOffset Day = new(2025, 3, 4, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Noon = Day.AddHours(12);

    public const decimal CpuMorning = 0.00001m;
    public const decimal CpuAfternoon = 0.000013m;
    public const decimal Memory = 0.0000012m;
    public const decimal A100 = 0.0011m;
    public const decimal T4 = 0.00015m;
    public const decimal Hot = 0.021m;
    public const decimal Cold = 0.004m;

    public const string Yaml = """
        currency: EUR
        prices:
          - { kind: cpu, unit_price: 0.00001, effective_from: 2025-01-01T00:00:00Z }
          - { kind: cpu, unit_price: 0.000013, effective_from: 2025-03-04T12:00:00Z }
          - { kind: memory, unit_price: 0.0000012, effective_from: 2025-01-01T00:00:00Z }
          - { kind: gpu, variant: a100, unit_price: 0.0011, effective_from: 2025-01-01T00:00:00Z }
          - { kind: gpu, variant: t4, unit_price: 0.00015, effective_from: 2025-01-01T00:00:00Z }
          - { kind: storage, variant: hot, unit_price: 0.021, effective_from: 2025-01-01T00:00:00Z }
          - { kind: storage, variant: cold, unit_price: 0.004, effective_from: 2025-01-01T00:00:00Z }
        """;

    public static PriceBook Book() => PriceBookFile.Parse(Yaml, "test-day.yaml");

    public static decimal Gpu(string type) => type switch
    {
        "a100" => A100,
        "t4" => T4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>CPU seconds over [start, end) at the morning price before noon and the afternoon price after, by hand.</summary>
    public static decimal CpuSeconds(DateTimeOffset start, DateTimeOffset end)
    {
        var beforeNoon = Math.Clamp((Noon - start).Ticks, 0, (end - start).Ticks);
        var afterNoon = (end - start).Ticks - beforeNoon;
        return (decimal)beforeNoon / TimeSpan.TicksPerSecond * CpuMorning + (decimal)afterNoon / TimeSpan.TicksPerSecond * CpuAfternoon;
    }
}
