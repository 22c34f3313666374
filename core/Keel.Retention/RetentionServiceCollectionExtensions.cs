using Keel.Audit;
using Keel.Costs.Pricing;
using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Storage;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Retention;

public static class RetentionServiceCollectionExtensions
{
    public const string DefaultColdDirectory = "artifacts-cold";

    /// <summary>
    /// Puts the cold tier behind the registered artifact store, so that artifacts the lifecycle policy
    /// moved stay readable under their address. Every host that reads artifacts calls it, after
    /// <c>AddKeelModelStores</c>; a host that did not would answer "not found" for a moved artifact.
    /// </summary>
    public static IServiceCollection AddKeelArtifactTiers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section));
        var decorated = ArtifactStoreDecoration.Decorate(services, (sp, inner) =>
        {
            if (inner is not LocalArtifactStore hot)
            {
                throw new NotSupportedException(
                    $"The artifact lifecycle moves and deletes only in the local artifact store; the registered store is a {inner.GetType().Name}.");
            }
            return new LocalArtifactTiers(hot, new LocalArtifactStore(ColdOptions(sp, hot)));
        });
        if (!decorated)
        {
            throw new InvalidOperationException("AddKeelArtifactTiers found no artifact store; call it after AddKeelModelStores (or the host's own IArtifactStore).");
        }
        services.TryAddSingleton<IArtifactTierStore>(sp => sp.GetRequiredService<IArtifactStore>() as IArtifactTierStore
            ?? throw new InvalidOperationException("The artifact store was registered again after AddKeelArtifactTiers; it has no cold tier."));
        return services;
    }

    /// <summary>
    /// The artifact lifecycle policy (<c>Keel:Retention</c>): the cold tier, the planner, the applier and
    /// <see cref="ArtifactRetention"/>, which the HTTP handler, the timer and the CLI run. The model
    /// registry, tracking store and artifact store come from the host (<c>AddKeelModelStores</c>, called
    /// first); the audit log is added here. Savings are priced with <c>Keel:Costs:PriceBook</c> or
    /// <c>Keel:Retention:PriceBookFile</c>; with neither they are reported as unknown.
    /// </summary>
    public static IServiceCollection AddKeelRetention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelArtifactTiers(configuration);
        services.AddKeelAudit(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => RetentionPolicy.Build(sp.GetRequiredService<IOptions<RetentionOptions>>().Value));
        services.AddConfiguredPriceBook(configuration);
        services.TryAddSingleton(sp => Prices(sp.GetRequiredService<ConfiguredPriceBook>(), sp.GetRequiredService<IOptions<RetentionOptions>>().Value));
        services.TryAddSingleton<RetentionPlanner>();
        services.TryAddSingleton<RetentionApplier>();
        services.TryAddSingleton<ArtifactRetention>();
        return services;
    }

    private static ArtifactStoreOptions ColdOptions(IServiceProvider services, LocalArtifactStore hot)
    {
        var configured = services.GetRequiredService<IOptions<RetentionOptions>>().Value.ColdDirectory;
        var root = string.IsNullOrWhiteSpace(configured)
            ? services.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(DefaultColdDirectory)
            : Path.GetFullPath(configured);
        if (string.Equals(Path.TrimEndingDirectorySeparator(root), Path.TrimEndingDirectorySeparator(hot.Root), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{RetentionOptions.Section}:ColdDirectory is the artifact store's own directory ({root}); the cold tier needs a directory of its own.");
        }
        // Whatever the hot store took in, the cold one must take; its limit was checked on the way in.
        return new ArtifactStoreOptions { RootDirectory = root, MaxArtifactBytes = long.MaxValue };
    }

    /// <summary>The platform's book, the one the cost reports use; the policy's own file only when the platform names none.</summary>
    private static StoragePrices Prices(ConfiguredPriceBook platform, RetentionOptions options)
    {
        var hot = options.HotTier.Trim();
        var cold = options.ColdTier.Trim();
        if (platform.Book is { } book)
        {
            return StoragePrices.From(book, hot, cold);
        }
        if (!platform.IsConfigured && !string.IsNullOrWhiteSpace(options.PriceBookFile))
        {
            return StoragePrices.From(PriceBookFile.Load(options.PriceBookFile), hot, cold);
        }
        return StoragePrices.Unknown(platform.IsConfigured
            ? $"{platform.Problem} The storage cost reclaimed is unknown."
            : $"no price book is configured ({PriceBookConfiguration.FileKey}, {PriceBookOptions.Section} or {RetentionOptions.Section}:PriceBookFile), so the storage cost reclaimed is unknown.", hot, cold);
    }
}
