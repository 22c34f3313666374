using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Metering.Tests;

/// <summary>The cost a run page shows: its own metered records, priced, in its own tenant only.</summary>
public sealed class RunCostTests : IDisposable
{
    private static readonly DateTimeOffset From = Prices.Day;
    private static readonly DateTimeOffset To = Prices.Day.AddDays(1);
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static UsageRecord Used(string id, string runId, ResourceKind kind, decimal quantity, string tenant = "acme") =>
        new(id, MeteredActivity.Training, new PriceKey(kind), quantity, From.AddHours(1), From.AddHours(2), kind.ToString().ToLowerInvariant(),
            new AttributionTags(tenant, "risk", runId: runId));

    [Fact]
    public async Task A_runs_cost_is_its_records_priced_and_nothing_of_other_runs_or_tenants()
    {
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync(
        [
            LedgerTests.Event(Used("cpu-1", "run-1", ResourceKind.Cpu, 3_600)),
            LedgerTests.Event(Used("mem-1", "run-1", ResourceKind.Memory, 7_200)),
            LedgerTests.Event(Used("cpu-2", "run-2", ResourceKind.Cpu, 99_999)),
            LedgerTests.Event(Used("cpu-x", "run-1", ResourceKind.Cpu, 50_000, tenant: "globex")),
        ], CancellationToken.None);

        var cost = await Build.Queries(ledger, Prices.Book()).RunCostAsync("acme", "run-1", From, To, CancellationToken.None);
        var unpriced = await Build.Queries(ledger).RunCostAsync("acme", "run-1", From, To, CancellationToken.None);

        Assert.Equal("EUR", cost.Currency);
        Assert.Equal(3_600 * Prices.CpuMorning + 7_200 * Prices.Memory, cost.Total);
        Assert.Equal(["cpu", "memory"], cost.Lines.Select(l => l.Kind).Order());
        Assert.Null(unpriced.Total);
        Assert.NotNull(unpriced.Problem);
        Assert.Equal(2, unpriced.Lines.Count);
    }
}
