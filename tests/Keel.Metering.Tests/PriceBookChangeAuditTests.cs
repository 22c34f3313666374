using System.Text.Json.Nodes;
using Keel.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keel.Metering.Tests;

public class PriceBookChangeAuditTests
{
    private const string Book = """
        currency: EUR
        prices:
          - { kind: cpu, unit_price: 0.00001, effective_from: 2025-01-01T00:00:00Z }
          - { kind: gpu, variant: a100, unit_price: 0.0011, effective_from: 2025-01-01T00:00:00Z }
        """;

    [Fact]
    public async Task The_first_book_is_recorded_and_a_restart_with_the_same_prices_records_nothing()
    {
        using var scratch = new Scratch();
        File.WriteAllText(scratch.Path("prices.yaml"), Book);

        var first = await StartAsync(scratch, "prices.yaml");
        // The same prices written differently (order, trailing zeros, quoting) are the same book.
        File.WriteAllText(scratch.Path("prices.yaml"), """
            currency: EUR
            prices:
              - { kind: gpu, variant: A100, unit_price: "0.00110", effective_from: 2025-01-01T00:00:00Z }
              - { kind: cpu, unit_price: 0.000010, effective_from: 2025-01-01T00:00:00Z }
            """);
        var second = await StartAsync(scratch, "prices.yaml");

        Assert.NotNull(first);
        Assert.Equal(AuditActions.PolicyChanged, first.Action);
        Assert.Equal("policy:price-book", first.Target);
        Assert.Equal("default", first.Tenant);
        var details = JsonNode.Parse(first.Details)!;
        Assert.Equal("EUR", details["currency"]!.GetValue<string>());
        Assert.Null(details["previous_fingerprint"]);
        Assert.Equal(["cpu", "gpu:a100"], Items(details["prices"]));
        Assert.Equal(["cpu", "gpu:a100"], Items(details["added"]));
        Assert.Empty(Items(details["removed"]));
        Assert.Null(second);
        Assert.Single(await EntriesAsync(scratch));
    }

    [Fact]
    public async Task A_changed_price_is_recorded_with_what_was_added_and_removed()
    {
        using var scratch = new Scratch();
        File.WriteAllText(scratch.Path("prices.yaml"), Book);
        var first = await StartAsync(scratch, "prices.yaml");
        File.WriteAllText(scratch.Path("prices.yaml"), Book.Replace("0.0011", "0.0013", StringComparison.Ordinal)
            + "\n  - { kind: storage, variant: cold, unit_price: 0.004, effective_from: 2025-06-01T00:00:00Z }\n");

        var changed = await StartAsync(scratch, "prices.yaml");

        Assert.NotNull(changed);
        var details = JsonNode.Parse(changed.Details)!;
        Assert.Equal(JsonNode.Parse(first!.Details)!["fingerprint"]!.GetValue<string>(), details["previous_fingerprint"]!.GetValue<string>());
        Assert.NotEqual(details["previous_fingerprint"]!.GetValue<string>(), details["fingerprint"]!.GetValue<string>());
        Assert.Equal(["gpu:a100", "storage:cold"], Items(details["added"]));
        Assert.Equal("0.0013", details["added"]![0]!["unit_price"]!.GetValue<string>());
        Assert.Equal(["gpu:a100"], Items(details["removed"]));
        Assert.Equal("0.0011", details["removed"]![0]!["unit_price"]!.GetValue<string>());
        Assert.EndsWith("prices.yaml", details["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await EntriesAsync(scratch)).Count);
    }

    [Fact]
    public async Task A_book_that_is_removed_or_broken_is_recorded_with_the_reason_and_never_without_a_book_before()
    {
        using var scratch = new Scratch();
        Assert.Null(await StartAsync(scratch, priceBookFile: null));
        File.WriteAllText(scratch.Path("prices.yaml"), Book);
        await StartAsync(scratch, "prices.yaml");
        File.WriteAllText(scratch.Path("prices.yaml"), Book.Replace("0.00001", "-1", StringComparison.Ordinal));

        var broken = await StartAsync(scratch, "prices.yaml");

        Assert.NotNull(broken);
        var details = JsonNode.Parse(broken.Details)!;
        Assert.Null(details["fingerprint"]);
        Assert.Empty(Items(details["prices"]));
        Assert.Equal(["cpu", "gpu:a100"], Items(details["removed"]));
        Assert.Contains("prices.yaml", details["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await StartAsync(scratch, "prices.yaml"));
    }

    [Fact]
    public async Task A_book_no_longer_configured_is_recorded_as_removed_with_nothing_in_its_place()
    {
        using var scratch = new Scratch();
        File.WriteAllText(scratch.Path("prices.yaml"), Book);
        await StartAsync(scratch, "prices.yaml");

        var removed = await StartAsync(scratch, priceBookFile: null);

        var details = JsonNode.Parse(removed!.Details)!;
        Assert.Equal("none configured", details["source"]!.GetValue<string>());
        Assert.Equal(["cpu", "gpu:a100"], Items(details["removed"]));
        Assert.Null(await StartAsync(scratch, priceBookFile: null));
    }

    [Fact]
    public async Task The_tenant_that_records_the_change_is_configurable_and_the_check_runs_when_the_host_starts()
    {
        using var scratch = new Scratch();
        File.WriteAllText(scratch.Path("prices.yaml"), Book);
        await using var services = Services(scratch, "prices.yaml", ("Keel:Costs:AuditTenant", "platform-team"));

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var entry = Assert.Single(await EntriesAsync(scratch, "platform-team"));
        Assert.Equal("policy:price-book", entry.Target);
    }

    private static async Task<AuditEntry?> StartAsync(Scratch scratch, string? priceBookFile)
    {
        await using var services = Services(scratch, priceBookFile);
        return await services.GetRequiredService<PriceBookChangeAudit>().RecordAsync(CancellationToken.None);
    }

    private static ServiceProvider Services(Scratch scratch, string? priceBookFile, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Keel:DataDir"] = scratch.Path("data") };
        if (priceBookFile is not null)
        {
            settings["Keel:Costs:PriceBookFile"] = scratch.Path(priceBookFile);
        }
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKeelCostLedger(configuration).BuildServiceProvider();
    }

    private static async Task<List<AuditEntry>> EntriesAsync(Scratch scratch, string tenant = "default")
    {
        await using var services = Services(scratch, null);
        var entries = new List<AuditEntry>();
        await foreach (var entry in services.GetRequiredService<IAuditLog>().ReadAsync(new AuditQuery { Tenant = tenant }, CancellationToken.None))
        {
            entries.Add(entry);
        }
        return entries;
    }

    private static List<string> Items(JsonNode? lines) => [.. ((JsonArray)lines!).Select(l => l!["item"]!.GetValue<string>())];
}
