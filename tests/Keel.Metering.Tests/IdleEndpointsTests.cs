using System.Text.Json;
using Keel.CostAnomaly.Idle;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.ModelRegistry;
using Microsoft.Extensions.Options;

namespace Keel.Metering.Tests;

public sealed class IdleEndpointsTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task Production_versions_without_predictions_for_the_period_are_idle_and_priced_by_their_reservation()
    {
        var registry = new SqliteModelRegistry(_scratch.Path("model-registry.db"));
        await DeployAsync(registry, "credit");
        await DeployAsync(registry, "churn");
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        var now = DateTimeOffset.UtcNow;
        // An hour on, churn served ten minutes ago and credit never did.
        await ledger.AddAsync([new LedgerEntry("e1", new UsageRecord("i1", MeteredActivity.Inference, new PriceKey(ResourceKind.Cpu), 1, now.AddMinutes(49),
            now.AddMinutes(50), "cpu", new AttributionTags("acme", model: "churn", version: "1")), Predictions: 10)], CancellationToken.None);

        var idle = new IdleEndpoints(registry, ledger, PriceBookSource.Of(Prices.Book()), Options.Create(new ReservationOptions { Cores = 2, MemoryGb = 4 }),
            Options.Create(new IdleOptions { Period = TimeSpan.FromMinutes(30) }), new ShiftedTime(TimeSpan.FromHours(1)));
        var result = await idle.FindAsync("acme", CancellationToken.None);

        var endpoint = Assert.Single(result.Endpoints);
        Assert.Equal("credit@1", endpoint.Deployment);
        // The reservation is priced at the prices in force now: the afternoon CPU price of the test day still holds.
        Assert.Equal(3600m * (2 * Prices.CpuAfternoon + 4 * Prices.Memory), endpoint.HourlyCost);
        Assert.Null(result.Problem);

        var unpriced = await new IdleEndpoints(registry, ledger, PriceBookSource.None, Options.Create(new ReservationOptions()),
            Options.Create(new IdleOptions { Period = TimeSpan.FromMinutes(30) }), new ShiftedTime(TimeSpan.FromHours(1))).FindAsync("acme", CancellationToken.None);
        using var json = JsonDocument.Parse(CostQueryJson.Write(unpriced));
        Assert.False(json.RootElement.GetProperty("priced").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("endpoints")[0].GetProperty("hourly_cost").ValueKind);
        Assert.Contains("No price book", json.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Empty((await idle.FindAsync("globex", CancellationToken.None)).Endpoints);
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task DeployAsync(SqliteModelRegistry registry, string model)
    {
        await registry.CreateModelAsync("acme", new NewRegisteredModel(model, "tests"), CancellationToken.None);
        await registry.CreateVersionAsync("acme", model, new NewModelVersion(new string('c', 64), new Lineage
        {
            DatasetSnapshotHash = new string('a', 64),
            TrainingSpecHash = new string('b', 64),
            CodeVersion = "0.1.0",
        }), "tests", CancellationToken.None);
        await registry.TransitionAsync("acme", new TransitionRequest(model, 1, ModelStage.Staging, "tests", "test"), CancellationToken.None);
        await registry.TransitionAsync("acme", new TransitionRequest(model, 1, ModelStage.Production, "tests", "test"), CancellationToken.None);
    }

    private sealed class ShiftedTime(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + by;
    }
}
