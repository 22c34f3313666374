using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Retention.Tests;

public sealed class CompositionTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-retention-di-").FullName;

    [Fact]
    public async Task AddKeelRetention_puts_the_cold_tier_in_front_of_the_hosts_artifact_store_and_runs_from_configuration()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Keel:Retention:Tenants:acme:ExperimentArtifacts:OlderThanDays"] = "30",
            ["Keel:Costs:PriceBook:Currency"] = "EUR",
            ["Keel:Costs:PriceBook:Prices:0:Kind"] = "storage",
            ["Keel:Costs:PriceBook:Prices:0:Variant"] = "hot",
            ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "0.02",
            ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2025-01-01T00:00:00Z",
        });

        var store = Assert.IsType<LocalArtifactTiers>(provider.GetRequiredService<IArtifactStore>());
        Assert.Same(store, provider.GetRequiredService<IArtifactTierStore>());
        Assert.Equal(Path.Combine(_dataDir, "artifacts-cold"), store.Cold.Root);
        Assert.Equal("EUR", provider.GetRequiredService<StoragePrices>().Currency!.Code);
        Assert.Equal(30, provider.GetRequiredService<RetentionPolicy>().RulesOf("acme").ExperimentArtifactsOlderThanDays);
        var report = await provider.GetRequiredService<ArtifactRetention>().RunScheduledAsync(CancellationToken.None);
        Assert.Equal(RetentionMode.DryRun, report.Mode);
        Assert.Equal(0m, report.Totals.MonthlySaving);
    }

    [Fact]
    public void Without_a_price_book_the_prices_are_unknown_and_say_where_to_configure_one()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var prices = provider.GetRequiredService<StoragePrices>();

        Assert.Null(prices.Currency);
        Assert.Contains("Keel:Costs:PriceBook", prices.UnknownReason);
    }

    [Fact]
    public void The_platforms_price_book_file_prices_the_policy_as_it_prices_the_cost_reports()
    {
        var file = Path.Combine(_dataDir, "prices.yaml");
        File.WriteAllText(file, """
            currency: CHF
            prices:
              - { kind: storage, variant: hot, unit_price: 0.02, effective_from: 2025-01-01T00:00:00Z }
              - { kind: storage, variant: cold, unit_price: 0.004, effective_from: 2025-01-01T00:00:00Z }
            """);
        using var provider = Build(new Dictionary<string, string?> { ["Keel:Costs:PriceBookFile"] = file });

        Assert.Equal("CHF", provider.GetRequiredService<StoragePrices>().Currency!.Code);
    }

    [Fact]
    public void An_invalid_price_book_leaves_the_prices_unknown_with_every_problem()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Keel:Costs:PriceBook:Currency"] = "EUR",
            ["Keel:Costs:PriceBook:Prices:0:Kind"] = "storage",
            ["Keel:Costs:PriceBook:Prices:0:Variant"] = "hot",
            ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "-1",
            ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2025-01-01T00:00:00Z",
        });

        var prices = provider.GetRequiredService<StoragePrices>();

        Assert.Null(prices.Currency);
        Assert.Contains("negative", prices.UnknownReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AddKeelRetention_before_the_artifact_store_is_registered_says_so()
    {
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeelRetention(configuration));

        Assert.Contains("AddKeelModelStores", error.Message);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Keel:DataDir"] = _dataDir;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        // What AddKeelModelStores (Keel.Lifecycle) registers in the hosts.
        services.AddSingleton<IArtifactStore>(new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = Path.Combine(_dataDir, "artifacts") }));
        services.AddSingleton<IModelRegistry>(new SqliteModelRegistry(Path.Combine(_dataDir, "model-registry.db")));
        services.AddSingleton<ITrackingStore>(new SqliteTrackingStore(Path.Combine(_dataDir, "tracking.db")));
        services.AddKeelRetention(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp directory is cleaned up eventually.
        }
    }
}
