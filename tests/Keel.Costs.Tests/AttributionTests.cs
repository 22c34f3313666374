using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Costs.Tests;

public class AttributionTests
{
    private static readonly CostLedger Ledger = new(Books.DayBook());
    private static readonly AttributionTags Acme = new(tenant: "acme", team: "risk", model: "credit", version: "4");

    [Fact]
    public void The_attributed_total_of_a_synthetic_day_equals_usage_times_prices_to_the_cent()
    {
        var day = new SyntheticDay(seed: 11);

        var lines = Ledger.Price(day.Records, Books.Day, Books.Day.AddDays(1));

        Assert.Equal(day.Records.Count, lines.Count);
        var attributed = lines.Sum(l => l.Cost);
        var expected = day.ExpectedCost();
        Assert.Equal(Math.Round(expected, 2, Money.Rule), Money.Round(attributed, Ledger.Prices.Currency));
        Assert.True(Math.Abs(attributed - expected) < 0.0000001m, $"attributed {attributed}, expected {expected}");
        Assert.Contains(lines, l => l.Pieces.Count == 2);
        Assert.True(attributed > 10m, $"the day should cost something worth reconciling, not {attributed}");
    }

    [Fact]
    public void Every_rollup_of_the_day_adds_up_to_the_grand_total_and_shows_the_untagged_bucket()
    {
        var lines = Ledger.Price(new SyntheticDay(seed: 12).Records, Books.Day, Books.Day.AddDays(1));
        var grand = lines.Sum(l => l.Cost);

        foreach (var dimension in Enum.GetValues<CostDimension>())
        {
            var rollup = CostRollup.Of(lines, dimension);

            Assert.Equal(grand, rollup.Total);
            Assert.Equal(lines.Count, rollup.Rows.Sum(r => r.Records));
            Assert.Contains(rollup.Rows, r => r.Key == AttributionTags.Untagged || r.Key.Contains("untagged", StringComparison.Ordinal));
        }
        Assert.Contains(CostRollup.Of(lines, CostDimension.Team).Rows, r => r.Key == AttributionTags.Untagged && r.Cost > 0);
    }

    [Fact]
    public void A_span_across_the_noon_change_is_charged_each_side_at_its_own_price()
    {
        var gpu = new UsageRecord("u1", MeteredActivity.Training, new PriceKey(ResourceKind.Gpu, "a100"), 7200m, Books.Noon.AddHours(-1), Books.Noon.AddHours(1), "gpu", Acme);

        var line = Ledger.Price(gpu);

        Assert.Equal([3600m * 0.0011m, 3600m * 0.0009m], line.Pieces.Select(p => p.Cost));
        Assert.Equal(7.2m, line.Cost);
    }

    [Fact]
    public void A_record_cut_by_the_window_is_charged_in_each_window_for_its_own_part()
    {
        var cpu = new UsageRecord("u2", MeteredActivity.Training, new PriceKey(ResourceKind.Cpu), 900m, Books.Day.AddHours(-1), Books.Day.AddHours(2), "cpu", Acme);

        var yesterday = Assert.Single(Ledger.Price([cpu], Books.Day.AddDays(-1), Books.Day));
        var today = Assert.Single(Ledger.Price([cpu], Books.Day, Books.Day.AddDays(1)));

        Assert.Equal(300m, yesterday.Quantity);
        Assert.Equal(600m, today.Quantity);
        Assert.Equal(900m * 0.00001m, yesterday.Cost + today.Cost);
        Assert.Empty(Ledger.Price([cpu], Books.Day.AddDays(1), Books.Day.AddDays(2)));
    }

    [Fact]
    public void An_instant_belongs_to_the_window_holding_its_moment()
    {
        var egress = EgressUsage.For("e1", 2_000_000_000, Books.Noon, Acme);

        Assert.Empty(Ledger.Price([egress], Books.Day, Books.Noon));
        Assert.Equal(0.14m, Assert.Single(Ledger.Price([egress], Books.Noon, Books.Day.AddDays(1))).Cost);
    }

    [Fact]
    public void Unpriced_usage_fails_the_report_rather_than_being_left_out()
    {
        var h200 = new UsageRecord("u3", MeteredActivity.Training, new PriceKey(ResourceKind.Gpu, "h200"), 10m, Books.Day, Books.Noon, "gpu", Acme);

        Assert.Throws<PriceBookException>(() => Ledger.Price([h200], Books.Day, Books.Day.AddDays(1)));
    }

    [Fact]
    public void Cost_per_thousand_predictions_is_a_versions_inference_cost_over_its_predictions()
    {
        var v4 = new AttributionTags(tenant: "acme", model: "credit", version: "4");
        var records = InferenceUsage.For(new InferenceBatch("b", Books.Day, TimeSpan.FromSeconds(100), InferenceDevice.Gpu("t4"), v4,
            [new BatchRequest("r1", 300), new BatchRequest("r2", 200)]))
            .Concat(TrainingUsage.For("run", new TrainingResources(4, 8), Books.Day, Books.Noon, v4));
        var lines = Ledger.Price(records, Books.Day, Books.Day.AddDays(1));

        var units = CostPerThousandPredictions.Of(lines, new Dictionary<(string, string), long> { [("credit", "4")] = 500, [("credit", "3")] = 10 });

        Assert.Equal(
            [new VersionUnitCost("credit", "3", 0m, 10, 0m), new VersionUnitCost("credit", "4", 0.015m, 500, 0.03m)],
            units);
    }
}
