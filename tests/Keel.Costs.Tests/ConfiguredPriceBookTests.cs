using Keel.Costs.Pricing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Costs.Tests;

/// <summary>The one way every part of Keel finds the platform's price book.</summary>
public sealed class ConfiguredPriceBookTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"keel-prices-{Guid.NewGuid():N}.yaml");

    private static readonly Dictionary<string, string?> Section = new()
    {
        ["Keel:Costs:PriceBook:Currency"] = "EUR",
        ["Keel:Costs:PriceBook:Prices:0:Kind"] = "cpu",
        ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "0.00001",
        ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2025-01-01T00:00:00Z",
    };

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void A_file_wins_over_the_section()
    {
        File.WriteAllText(_file, "currency: CHF\nprices:\n  - { kind: cpu, unit_price: 0.00002, effective_from: 2025-01-01T00:00:00Z }\n");

        var (book, problem) = Configuration(new(Section) { [PriceBookConfiguration.FileKey] = _file }).LoadConfigured();

        Assert.Null(problem);
        Assert.Equal("CHF", book!.Currency.Code);
    }

    [Fact]
    public void The_section_serves_when_no_file_is_named()
    {
        var (book, problem) = Configuration(Section).LoadConfigured();

        Assert.Null(problem);
        Assert.Equal("EUR", book!.Currency.Code);
    }

    [Fact]
    public void Nothing_configured_a_missing_file_and_an_invalid_book_each_say_why_instead_of_giving_a_book()
    {
        var none = Configuration([]).LoadConfigured();
        var missing = Configuration(new() { [PriceBookConfiguration.FileKey] = _file }).LoadConfigured();
        var invalid = Configuration(new(Section) { ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "-1" }).LoadConfigured();

        Assert.Equal((null, PriceBookConfiguration.NotConfigured), (none.Book, none.Problem));
        Assert.Null(missing.Book);
        Assert.Contains("does not exist", missing.Problem, StringComparison.Ordinal);
        Assert.Null(invalid.Book);
        Assert.Contains("negative", invalid.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_says_where_its_book_was_looked_for()
    {
        File.WriteAllText(_file, "currency: CHF\nprices:\n  - { kind: cpu, unit_price: 0.00002, effective_from: 2025-01-01T00:00:00Z }\n");

        var none = Configuration([]).LoadConfigured();
        var file = Configuration(new(Section) { [PriceBookConfiguration.FileKey] = _file }).LoadConfigured();
        var section = Configuration(Section).LoadConfigured();

        Assert.False(none.IsConfigured);
        Assert.Null(none.Source);
        Assert.Equal($"file {Path.GetFullPath(_file)}", file.Source);
        Assert.Equal("configuration Keel:Costs:PriceBook", section.Source);
        Assert.True(file.IsConfigured && section.IsConfigured);
    }

    [Fact]
    public void A_host_composing_several_pricing_parts_registers_one_book_and_keeps_its_own()
    {
        var configuration = Configuration(Section);
        var services = new ServiceCollection().AddConfiguredPriceBook(configuration).AddConfiguredPriceBook(configuration);

        using (var provider = services.BuildServiceProvider())
        {
            Assert.Single(services, d => d.ServiceType == typeof(ConfiguredPriceBook));
            Assert.Equal("EUR", provider.GetRequiredService<ConfiguredPriceBook>().Book!.Currency.Code);
        }

        var given = new ConfiguredPriceBook(null, "the host's own", "given by the host");
        using var hosted = new ServiceCollection().AddSingleton(given).AddConfiguredPriceBook(configuration).BuildServiceProvider();
        Assert.Same(given, hosted.GetRequiredService<ConfiguredPriceBook>());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
