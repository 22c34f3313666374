using Keel.Costs.Pricing;
using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;

namespace Keel.Retention.Tests;

public sealed class PricingTests
{
    private const string Book = """
        currency: EUR
        prices:
          - { kind: storage, variant: hot, unit_price: 0.02, effective_from: 2025-01-01T00:00:00Z }
          - { kind: storage, variant: cold, unit_price: 0.004, effective_from: 2025-01-01T00:00:00Z }
        """;

    [Fact]
    public async Task Savings_are_bytes_times_the_tiers_storage_price_per_gb_month()
    {
        using var bed = new RetentionBed();
        var old = await bed.RunAsync("acme");
        var archived = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(100);
        var prices = StoragePrices.From(PriceBookFile.Parse(Book, "test"), "hot", "cold");

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10), prices)
            .RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);

        var deleted = report.Actions.Single(a => a.Sha256 == old.Artifacts["notes.txt"].Sha256);
        Assert.Equal(Money.Carry(deleted.Bytes / 1e9m * 0.02m), deleted.MonthlySaving);
        var moved = report.Actions.Single(a => a.Sha256 == archived.ArtifactSha256);
        Assert.Equal(Money.Carry(moved.Bytes / 1e9m * (0.02m - 0.004m)), moved.MonthlySaving);
        Assert.Equal(report.Actions.Sum(a => a.MonthlySaving), report.Totals.MonthlySaving);
        Assert.Equal("EUR", report.Totals.Currency);
        Assert.Null(report.Totals.CostUnknownReason);
    }

    [Fact]
    public async Task Without_a_price_book_bytes_are_reported_and_the_cost_is_unknown()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        bed.Time.Advance(100);

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30), StoragePrices.Unknown("no price book is configured"))
            .RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);

        Assert.True(report.Totals.BytesDeleted > 0);
        Assert.Null(report.Totals.MonthlySaving);
        Assert.All(report.Actions, a => Assert.Null(a.MonthlySaving));
        Assert.Equal("no price book is configured", report.Totals.CostUnknownReason);
        Assert.Contains("unknown", Reports.RetentionReportTable.Render(report));
    }

    [Fact]
    public async Task A_book_without_a_price_for_the_cold_tier_leaves_moves_unpriced_and_says_so()
    {
        using var bed = new RetentionBed();
        var archived = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(100);
        var hotOnly = PriceBookFile.Parse("""
            currency: EUR
            prices:
              - { kind: storage, variant: hot, unit_price: 0.02, effective_from: 2025-01-01T00:00:00Z }
            """, "test");

        var plan = await bed.Planner(RetentionBed.Policy("acme", coldDays: 10), StoragePrices.From(hotOnly, "hot", "cold")).PlanAsync(null, CancellationToken.None);

        Assert.Contains(plan.Actions, a => a.Sha256 == archived.ArtifactSha256 && a.Action == RetentionAction.MoveToCold && a.MonthlySaving is null);
        Assert.Null(plan.MonthlySaving);
        Assert.Contains("storage:cold", plan.Pricing.UnknownReason);
    }
}
