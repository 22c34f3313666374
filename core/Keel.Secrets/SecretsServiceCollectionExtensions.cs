using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Primitives;

namespace Keel.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>Keel's data directory setting and its default, as Keel.Storage reads them.</summary>
    private const string DataDirKey = "Keel:DataDir";
    private static readonly string DefaultDataDir = Path.Combine(".keel", "data");

    /// <summary>
    /// Registers <see cref="ISecretStore"/> as <c>Keel:Secrets:Provider</c> chooses, every value it
    /// reads registered with the <see cref="SecretRegistry"/> (itself seeded from configuration).
    /// </summary>
    public static IServiceCollection AddKeelSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SecretsOptions();
        configuration.GetSection(SecretsOptions.Section).Bind(options);
        services.AddKeelSecretRegistry();

        var provider = options.Provider.Trim().ToLowerInvariant();
        if (provider == SecretsOptions.DaprProvider)
        {
            // The builder reads DAPR_GRPC_ENDPOINT / DAPR_GRPC_PORT and DAPR_API_TOKEN as the sidecar sets them.
            services.TryAddSingleton(_ => new DaprClientBuilder().Build());
        }
        var store = StoreFactory(provider, options, configuration);
        services.TryAddSingleton<ISecretStore>(sp => new RegisteringSecretStore(store(sp), sp.GetRequiredService<SecretRegistry>()));
        return services;
    }

    /// <summary>
    /// The <see cref="SecretRegistry"/> alone, seeded from configuration and kept seeded as it
    /// reloads; what redaction needs when an app reads no secret store.
    /// </summary>
    public static IServiceCollection AddKeelSecretRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var registry = new SecretRegistry();
            if (sp.GetService<IConfiguration>() is { } configuration)
            {
                ConfigurationSecrets.Register(configuration, registry);
                ChangeToken.OnChange(configuration.GetReloadToken, () => ConfigurationSecrets.Register(configuration, registry));
            }
            return registry;
        });
        return services;
    }

    private static Func<IServiceProvider, ISecretStore> StoreFactory(string provider, SecretsOptions options, IConfiguration configuration)
    {
        var directory = options.File.Directory
            ?? Path.Combine(configuration[DataDirKey] is { Length: > 0 } dataDir ? dataDir : DefaultDataDir, "secrets");
        return provider switch
        {
            SecretsOptions.DaprProvider => sp => new DaprSecretStore(sp.GetRequiredService<DaprClient>(), options.Dapr.Store),
            SecretsOptions.EnvironmentProvider => _ => new EnvironmentSecretStore(options.Environment.Prefix),
            SecretsOptions.FileProvider => _ => new LocalFileSecretStore(directory),
            SecretsOptions.DefaultProvider or "env+file" => _ => new CompositeSecretStore(
                [new EnvironmentSecretStore(options.Environment.Prefix), new LocalFileSecretStore(directory)]),
            _ => throw new InvalidOperationException(
                $"{SecretsOptions.Section}:Provider is '{options.Provider}'; expected {SecretsOptions.DaprProvider}, {SecretsOptions.EnvironmentProvider}, {SecretsOptions.FileProvider} or {SecretsOptions.DefaultProvider}."),
        };
    }
}
