using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Costs.Tests;

/// <summary>
/// A day of mixed usage across tenants, teams and models, with some of it untagged and some of it
/// running across the noon price change, plus the prices written out a second time by hand (not
/// read from the book) so the reconciliation checks the ledger against an independent sum.
/// </summary>
internal sealed class SyntheticDay
{
    public static readonly IReadOnlyDictionary<PriceKey, (decimal Morning, decimal Afternoon)> HandPrices = new Dictionary<PriceKey, (decimal, decimal)>
    {
        [new(ResourceKind.Cpu)] = (0.00001m, 0.000013m),
        [new(ResourceKind.Memory)] = (0.0000012m, 0.0000012m),
        [new(ResourceKind.Gpu, "a100")] = (0.0011m, 0.0009m),
        [new(ResourceKind.Gpu, "t4")] = (0.00015m, 0.00015m),
        [new(ResourceKind.Storage, "hot")] = (0.021m, 0.021m),
        [new(ResourceKind.Storage, "cold")] = (0.004m, 0.004m),
        [new(ResourceKind.Egress)] = (0.09m, 0.07m),
        [new(ResourceKind.LlmTokens, "small-chat")] = (0.0000004m, 0.0000004m),
    };

    private static readonly string?[] Tenants = ["acme", "globex", null];
    private static readonly string?[] Teams = ["risk", "fraud", "pricing", null];
    private static readonly (string? Model, string? Version)[] Versions = [("credit", "3"), ("credit", "4"), ("churn", "1"), (null, null)];

    public List<UsageRecord> Records { get; } = [];

    public Dictionary<(string Model, string Version), long> Predictions { get; } = [];

    public SyntheticDay(int seed)
    {
        var random = new Random(seed);
        AttributionTags Tags() => new(Pick(random, Tenants), Pick(random, Teams), random.Next(3) == 0 ? null : "cc-" + random.Next(1, 4),
            Pick(random, Versions).Model, null, random.Next(2) == 0 ? "champion" : null);
        AttributionTags VersionTags()
        {
            var (model, version) = Pick(random, Versions);
            return new(Pick(random, Tenants), Pick(random, Teams), "cc-1", model, version, random.Next(2) == 0 ? "champion" : "challenger");
        }

        for (var run = 0; run < 40; run++)
        {
            var start = Books.Day.AddMinutes(random.Next(0, 20 * 60)).AddMilliseconds(random.Next(1000));
            var end = start.AddSeconds(random.Next(1, 4 * 3600)).AddMilliseconds(random.Next(1000));
            var gpus = random.Next(3);
            Records.AddRange(TrainingUsage.For($"run-{run}", new TrainingResources(random.Next(1, 33), random.Next(1, 257) / 4m, gpus,
                gpus > 0 ? (random.Next(2) == 0 ? "a100" : "t4") : null), start, end, Tags()));
        }
        for (var b = 0; b < 24 * 12; b++)
        {
            var tags = VersionTags();
            var requests = Enumerable.Range(0, random.Next(1, 30))
                .Select(r => new BatchRequest($"r{r}", random.Next(1, 64), random.Next(5) == 0 ? new AttributionTags(tenant: "globex") : null))
                .ToArray();
            var device = random.Next(2) == 0 ? InferenceDevice.Gpu("t4") : InferenceDevice.Cpu(random.Next(1, 9));
            var start = Books.Day.AddMinutes(b * 5).AddMilliseconds(random.Next(290_000));
            Records.AddRange(InferenceUsage.For(new InferenceBatch($"b{b}", start, TimeSpan.FromMilliseconds(random.Next(1, 5000)), device, tags, requests)));
            var key = (tags.Model, tags.Version);
            Predictions[key] = Predictions.GetValueOrDefault(key) + requests.Sum(r => r.Rows);
        }
        foreach (var tier in new[] { "hot", "cold" })
        {
            foreach (var (model, version) in Versions)
            {
                Records.Add(StorageUsage.For("artifacts", tier, random.NextInt64(1, 500_000_000_000), Books.Day, Books.Day.AddDays(1),
                    new AttributionTags(Pick(random, Tenants), Pick(random, Teams), null, model, version)));
            }
        }
        for (var e = 0; e < 100; e++)
        {
            Records.Add(EgressUsage.For($"egress-{e}", random.NextInt64(0, 20_000_000_000), Books.Day.AddSeconds(random.Next(86_400)), Tags()));
            var at = Books.Day.AddSeconds(e * 800);
            Records.Add(new UsageRecord($"llm-{e}", MeteredActivity.Llm, new PriceKey(ResourceKind.LlmTokens, "small-chat"), random.Next(0, 200_000),
                at, at, "llm", Tags()));
        }
    }

    /// <summary>Σ quantity × price with the hand-written prices: a span's share before noon at the morning price, the rest at the afternoon one.</summary>
    public decimal ExpectedCost()
    {
        var total = 0m;
        foreach (var record in Records)
        {
            var (morning, afternoon) = HandPrices[record.Item];
            if (record.Start == record.End)
            {
                total += record.Quantity * (record.Start < Books.Noon ? morning : afternoon);
                continue;
            }
            var beforeNoon = Math.Clamp((Books.Noon - record.Start).Ticks, 0, (record.End - record.Start).Ticks);
            var share = (decimal)beforeNoon / (record.End - record.Start).Ticks;
            total += record.Quantity * share * morning + record.Quantity * (1 - share) * afternoon;
        }
        return total;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
