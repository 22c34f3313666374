using System.ComponentModel;
using Keel.Security.ApiKeys;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
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

    /// <summary>The store <c>keel up</c> on the same directory reads, honouring <c>KEEL__AUTH__APIKEYS__DATABASE</c>.</summary>
    public SqliteApiKeyStore OpenStore()
    {
        var options = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(ApiKeyStoreOptions.Section).Get<ApiKeyStoreOptions>() ?? new ApiKeyStoreOptions();
        return new SqliteApiKeyStore(options.DatabasePath(new StorageOptions { DataDir = DataDir }));
    }
}
