using System.ComponentModel;
using Keel.Audit;
using Keel.Functions.Security;
using Keel.Governance;
using Keel.Secrets;
using Keel.Security.ApiKeys;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// Options of the <c>keel auth key</c> commands, which work on the API key store of a data directory
/// directly: whoever may read that directory administers its platform anyway.
/// </summary>
public class AuthKeySettings : CommandSettings
{
    [CommandOption("--tenant <TENANT>")]
    [Description("The tenant the keys belong to (default: $KEEL_TENANT or 'default').")]
    public string? Tenant { get; init; }

    [CommandOption("--data-dir <DIR>")]
    [Description("The data directory whose key store is used (default .keel/data).")]
    public string DataDir { get; init; } = Path.Combine(".keel", "data");

    public string TenantName => Tenant ?? Environment.GetEnvironmentVariable("KEEL_TENANT") ?? Keel.Events.TenantName.Default;

    public override ValidationResult Validate() => Keel.Events.TenantName.IsValid(TenantName)
        ? ValidationResult.Success()
        : ValidationResult.Error($"--tenant: '{TenantName}' is not a valid tenant ({Keel.Events.TenantName.Rule})");

    /// <summary>
    /// The store <c>keel up</c> on the same directory reads, honouring <c>KEEL__AUTH__APIKEYS__DATABASE</c>;
    /// every creation and revocation is appended to that directory's audit log, as the platform's own are.
    /// </summary>
    public IApiKeyStore OpenStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:{nameof(StorageOptions.DataDir)}"] = Path.GetFullPath(DataDir) })
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(ApiKeyStoreOptions.Section).Get<ApiKeyStoreOptions>() ?? new ApiKeyStoreOptions();
        var store = new SqliteApiKeyStore(options.DatabasePath(new StorageOptions { DataDir = DataDir }));
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddKeelSecrets(configuration);
        services.TryAddSingleton(AuditKeyFromSecrets.Resolve);
        services.AddKeelAudit(configuration);
        return new AuditedApiKeyStore(store, services.BuildServiceProvider().GetRequiredService<IAuditLog>(), new AuditActors());
    }

    /// <summary>Who administers keys from this shell: recorded as the actor of a revocation.</summary>
    public static string LocalActor => Environment.GetEnvironmentVariable("KEEL_ACTOR") ?? Environment.UserName;
}
