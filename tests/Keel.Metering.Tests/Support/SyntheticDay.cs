using Keel.Costs.Metering;
using Keel.Serving;
using Keel.Serving.Deployments;
using Keel.Serving.Runtime;
using Keel.Training;

namespace Keel.Metering.Tests;

/// <summary>
/// A day of a platform's usage, made by the real meters: training runs through <see cref="TrainingMeter"/>,
/// served batches through <see cref="InferenceMeter"/> (drained every quarter hour, as the flusher
/// would), storage through <see cref="StorageMeter"/>. Beside it, the cost worked out by hand from the
/// inputs alone (seconds, cores, bytes) and the test's prices, per tenant and team, and the
/// predictions per version: what the ledger and the reports must come back with.
/// </summary>
internal sealed class SyntheticDay
{
    public const decimal CpuCores = 2;

    public static readonly ServingOptions Serving = new()
    {
        Models =
        [
            new ServedModel { Tenant = "acme", Name = "credit", Team = "risk", CostCentre = "cc-1" },
            // globex's churn model has no cost tags: its serving cost is untagged.
            new ServedModel { Tenant = "globex", Name = "churn" },
        ],
    };

    private static readonly (string Tenant, string Model, int Version)[] Served = [("acme", "credit", 1), ("acme", "credit", 2), ("globex", "churn", 7)];
    private static readonly string[] Tenants = ["acme", "globex"];
    private static readonly string?[] Teams = ["risk", "fraud", null];

    public List<MeteredUsage> Usage { get; } = [];

    public Dictionary<(string Tenant, string Team), decimal> ExpectedByTeam { get; } = [];

    public Dictionary<(string Tenant, string Model, string Version), long> ExpectedPredictions { get; } = [];

    public Dictionary<(string Tenant, string Model, string Version), decimal> ExpectedInferenceCost { get; } = [];

    public decimal ExpectedTotal => ExpectedByTeam.Values.Sum();

    public static InMemoryDeploymentPlanStore Plans()
    {
        var plans = new InMemoryDeploymentPlanStore();
        plans.Save(new DeploymentPlan("acme", "credit", RoutingMode.Weighted,
            [new DeploymentVariant("stable", 1, 90), new DeploymentVariant("canary", 2, 10, VariantRole.Canary)]));
        return plans;
    }

    public SyntheticDay(int seed)
    {
        var random = new Random(seed);
        Train(random);
        Serve(random);
        Store();
    }

    private void Train(Random random)
    {
        for (var run = 0; run < 30; run++)
        {
            var tenant = Tenants[random.Next(Tenants.Length)];
            var team = Teams[random.Next(Teams.Length)];
            var gpus = random.Next(3);
            var gpuType = gpus > 0 ? (random.Next(2) == 0 ? "a100" : "t4") : null;
            var resources = new ResourceRequest { Cores = random.Next(1, 33) / 2.0, MemoryGb = random.Next(1, 257) / 4.0, Gpus = gpus, GpuType = gpuType };
            var tags = new Dictionary<string, string>();
            if (team is not null)
            {
                tags["team"] = team;
                tags["cost_centre"] = "cc-" + random.Next(1, 4);
            }
            var spec = new TrainingSpec { Name = "model" + random.Next(3), FeatureService = "features", Label = "label", Resources = resources, Tags = tags };
            var start = Prices.Day.AddMinutes(random.Next(0, 20 * 60)).AddMilliseconds(random.Next(1000));
            var end = start.AddSeconds(random.Next(1, 3 * 3600)).AddMilliseconds(random.Next(1000));
            Usage.AddRange(TrainingMeter.UsageOf(new MeteredTrainingRun(tenant, $"run-{run}", spec, start, end)).Select(r => new MeteredUsage(r)));

            var seconds = (decimal)(end - start).Ticks / TimeSpan.TicksPerSecond;
            var cost = (decimal)resources.Cores * Prices.CpuSeconds(start, end) + (decimal)resources.MemoryGb * seconds * Prices.Memory
                + (gpuType is null ? 0 : gpus * seconds * Prices.Gpu(gpuType));
            Charge(tenant, team, cost);
        }
    }

    private void Serve(Random random)
    {
        var meter = Build.Inference(Serving, Plans(), new MeteringOptions { CpuCores = CpuCores, GpuType = "t4" });
        for (var quarter = 0; quarter < 96; quarter++)
        {
            var begins = Prices.Day.AddMinutes(15 * quarter);
            for (var b = random.Next(0, 8); b > 0; b--)
            {
                var (tenant, model, version) = Served[random.Next(Served.Length)];
                var gpu = random.Next(3) == 0;
                var start = begins.AddMilliseconds(random.Next(0, 14 * 60 * 1000));
                var compute = TimeSpan.FromTicks(random.Next(1, 30_000_000));
                var rows = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(1, 40)).ToArray();
                var succeeded = random.Next(10) != 0;
                meter.OnBatch(new ServedBatch(tenant, model, version, gpu ? "CUDAExecutionProvider" : "CPUExecutionProvider", start, compute, rows, succeeded));

                var seconds = (decimal)compute.Ticks / TimeSpan.TicksPerSecond;
                var cost = gpu ? seconds * Prices.T4 : CpuCores * Prices.CpuSeconds(start, start + compute);
                var key = (tenant, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Charge(tenant, tenant == "acme" ? "risk" : null, cost);
                ExpectedInferenceCost[key] = ExpectedInferenceCost.GetValueOrDefault(key) + cost;
                ExpectedPredictions[key] = ExpectedPredictions.GetValueOrDefault(key) + (succeeded ? rows.Sum() : 0);
            }
            // The flusher's tick: the series so far become events.
            Usage.AddRange(meter.Drain());
        }
    }

    private void Store()
    {
        StorageFootprint[] footprints =
        [
            new(StorageFootprint.Artifacts, "acme", "credit", "1", "risk", "cc-1", 12_345_678_901),
            new(StorageFootprint.Artifacts, "acme", "credit", "2", "risk", "cc-1", 7_654_321_987),
            new(StorageFootprint.OfflineStore, "globex", "untagged", "untagged", "untagged", "untagged", 512_000_000_001),
            new(StorageFootprint.OnlineStore, "acme", "untagged", "untagged", "untagged", "untagged", 3_000_000_123),
        ];
        var options = new StorageMeterOptions { StoreTiers = { [StorageFootprint.OfflineStore] = "cold" } };
        Usage.AddRange(StorageMeter.UsageOf(footprints, Prices.Day, Prices.Day.AddDays(1), options).Select(r => new MeteredUsage(r)));
        foreach (var footprint in footprints)
        {
            var price = footprint.Store == StorageFootprint.OfflineStore ? Prices.Cold : Prices.Hot;
            Charge(footprint.Tenant, footprint.Team == "untagged" ? null : footprint.Team, footprint.Bytes / 1_000_000_000m * 24m / 730m * price);
        }
    }

    private void Charge(string tenant, string? team, decimal cost)
    {
        var key = (tenant, team ?? AttributionTags.Untagged);
        ExpectedByTeam[key] = ExpectedByTeam.GetValueOrDefault(key) + cost;
    }
}
