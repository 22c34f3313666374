using Keel.Costs.Pricing;

namespace Keel.Costs.Tests;

/// <summary>Price books the tests share; the day's prices change at noon.</summary>
internal static class Books
{
    public static readonly DateTimeOffset Day = new(2025, 3, 4, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Noon = Day.AddHours(12);

    public const string DayYaml = """
        currency: EUR
        prices:
          - { kind: cpu, unit_price: 0.00001, effective_from: 2025-01-01T00:00:00Z }
          - { kind: cpu, unit_price: 0.000013, effective_from: 2025-03-04T12:00:00Z }
          - { kind: memory, unit_price: 0.0000012, effective_from: 2025-01-01T00:00:00Z }
          - { kind: gpu, variant: a100, unit_price: 0.0011, effective_from: 2025-01-01T00:00:00Z }
          - { kind: gpu, variant: a100, unit_price: 0.0009, effective_from: 2025-03-04T12:00:00Z }
          - { kind: gpu, variant: t4, unit_price: 0.00015, effective_from: 2025-01-01T00:00:00Z }
          - { kind: storage, variant: hot, unit_price: 0.021, effective_from: 2025-01-01T00:00:00Z }
          - { kind: storage, variant: cold, unit_price: 0.004, effective_from: 2025-01-01T00:00:00Z }
          - { kind: egress, unit_price: 0.09, effective_from: 2025-01-01T00:00:00Z }
          - { kind: egress, unit_price: 0.07, effective_from: 2025-03-04T12:00:00Z }
          - { kind: llm_tokens, variant: small-chat, unit_price: 0.0000004, effective_from: 2025-01-01T00:00:00Z }
        """;

    public static PriceBook DayBook() => PriceBookFile.Parse(DayYaml, "day.yaml");
}
