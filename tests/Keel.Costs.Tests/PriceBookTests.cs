using Keel.Costs.Pricing;
using Microsoft.Extensions.Configuration;

namespace Keel.Costs.Tests;

public class PriceBookTests
{
    private static readonly PriceKey A100 = new(ResourceKind.Gpu, "A100");

    [Fact]
    public void A_price_holds_from_its_date_until_the_next_and_a_span_across_the_change_is_cut_there()
    {
        var book = Books.DayBook();

        var spans = book.Spans(A100, Books.Noon.AddHours(-1), Books.Noon.AddHours(2));

        Assert.Equal(
            [new PricedSpan(Books.Noon.AddHours(-1), Books.Noon, 0.0011m), new PricedSpan(Books.Noon, Books.Noon.AddHours(2), 0.0009m)],
            spans);
        Assert.Equal(0.0009m, Assert.Single(book.Spans(A100, Books.Noon, Books.Noon)).UnitPrice);
        Assert.Equal(0.0011m, Assert.Single(book.Spans(A100, Books.Noon.AddTicks(-1), Books.Noon)).UnitPrice);
    }

    [Fact]
    public void Usage_before_an_items_first_price_or_of_an_unpriced_item_is_an_error_not_free()
    {
        var book = Books.DayBook();

        var early = Assert.Throws<PriceBookException>(() => book.Spans(A100, new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), Books.Day));
        Assert.Contains("gpu:a100", early.Message);
        var unknown = Assert.Throws<PriceBookException>(() => book.Spans(new PriceKey(ResourceKind.Gpu, "h200"), Books.Day, Books.Noon));
        Assert.Contains("gpu:h200", unknown.Message);
    }

    [Fact]
    public void The_book_loads_from_the_keel_costs_price_book_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:Costs:PriceBook:Currency"] = "usd",
            ["Keel:Costs:PriceBook:Prices:0:Kind"] = "gpu",
            ["Keel:Costs:PriceBook:Prices:0:Variant"] = "t4",
            ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "0.00015",
            ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2025-01-01T00:00:00Z",
            ["Keel:Costs:PriceBook:Prices:1:Kind"] = "storage",
            ["Keel:Costs:PriceBook:Prices:1:Variant"] = "cold",
            ["Keel:Costs:PriceBook:Prices:1:UnitPrice"] = "0.004",
            ["Keel:Costs:PriceBook:Prices:1:EffectiveFrom"] = "2025-01-01T00:00:00Z",
        }).Build();

        var book = configuration.LoadPriceBook();

        Assert.Equal(new Currency("USD", 2), book.Currency);
        Assert.Equal(0.004m, Assert.Single(book.Spans(new PriceKey(ResourceKind.Storage, "cold"), Books.Day, Books.Noon)).UnitPrice);
        Assert.Equal(2, book.Prices.Count());
    }

    [Fact]
    public void A_json_price_book_file_reads_like_the_yaml_one()
    {
        var book = PriceBookFile.Parse("""
            { "currency": "JPY", "prices": [ { "kind": "egress", "unit_price": 12, "effective_from": "2025-01-01T00:00:00Z" } ] }
            """, "book.json");

        Assert.Equal(new Currency("JPY", 0), book.Currency);
        Assert.Equal(12m, Assert.Single(book.Spans(new PriceKey(ResourceKind.Egress), Books.Day, Books.Noon)).UnitPrice);
    }

    [Fact]
    public void Every_rule_a_book_breaks_is_named_in_one_error()
    {
        var error = Assert.Throws<PriceBookException>(() => PriceBookFile.Parse("""
            currency: EUR
            prices:
              - { kind: cpu, unit_price: -0.1, effective_from: 2025-01-01T00:00:00Z }
              - { kind: gpu, variant: a100, unit_price: 0.001, effective_from: 2025-01-01T00:00:00Z }
              - { kind: gpu, variant: A100, unit_price: 0.002, effective_from: 2025-01-01T00:00:00Z }
              - { kind: egress, unit_price: 0.09, effective_from: 2025-01-01T00:00:00Z, currency: USD }
              - { kind: storage, unit_price: 0.02, effective_from: 2025-01-01T00:00:00Z }
              - { kind: quantum, unit_price: 1, effective_from: 2025-01-01T00:00:00Z }
              - { kind: memory, unit_price: 0.1 }
            """, "bad.yaml"));

        Assert.Contains("bad.yaml", error.Message);
        Assert.Equal(6, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[0].UnitPrice", StringComparison.Ordinal) && p.Contains("negative"));
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[2]", StringComparison.Ordinal) && p.Contains("already has a price") && p.Contains("Prices[1]"));
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[3].Currency", StringComparison.Ordinal) && p.Contains("one currency"));
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[4].Variant", StringComparison.Ordinal) && p.Contains("storage tier"));
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[5].Kind", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Prices[6].EffectiveFrom", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("currency: EUR\nprices:\n  - { kind: cpu, unit_price: cheap, effective_from: 2025-01-01 }\n", "unit_price 'cheap'")]
    [InlineData("currency: XTS\nprices: []\n", "state its minor units")]
    [InlineData("currency: EUR\nprice: []\n", "unknown key 'price'")]
    [InlineData("currency: [EUR\n", "line")]
    public void A_malformed_file_is_refused_with_the_reason(string yaml, string reason)
    {
        var error = Assert.Throws<PriceBookException>(() => PriceBookFile.Parse(yaml, "x.yaml"));

        Assert.Contains(reason, error.Message);
    }
}
