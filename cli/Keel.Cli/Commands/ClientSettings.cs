using System.ComponentModel;
using Keel.Cli.Client;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Options of every command that talks to a running platform.</summary>
public class ClientSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("Address of the Keel platform (default: $KEEL_URL or http://127.0.0.1:5080).")]
    public string? Url { get; init; }

    [CommandOption("--tenant <TENANT>")]
    [Description("Tenant to act for (default: $KEEL_TENANT or 'default').")]
    public string? Tenant { get; init; }

    [CommandOption("--actor <NAME>")]
    [Description("Who makes a change (default: $KEEL_ACTOR or the user name); recorded with every transition.")]
    public string? Actor { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description("Bearer token to call with (default: $KEEL_TOKEN); see 'keel auth token'.")]
    public string? Token { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("API key to call with instead of a token (default: $KEEL_API_KEY).")]
    public string? ApiKey { get; init; }

    [CommandOption("--data-dir <DIR>")]
    [Description("Without a token or key, sign a short-lived one with the embedded key of this data directory, as --actor, --role and --tenant (default: $KEEL_DATA_DIR or .keel/data).")]
    public string? DataDir { get; init; }

    [CommandOption("--role <ROLES>")]
    [Description("Roles of a locally signed token, comma-separated (default: $KEEL_ROLE or admin).")]
    public string? Role { get; init; }

    public string ActorName => Actor ?? Environment.GetEnvironmentVariable("KEEL_ACTOR") ?? Environment.UserName;

    public KeelClient CreateClient() => KeelClient.Create(
        Url ?? Environment.GetEnvironmentVariable("KEEL_URL") ?? KeelClient.DefaultUrl,
        NamedTenant,
        CallerCredentials.Resolve(
            Token ?? Environment.GetEnvironmentVariable("KEEL_TOKEN"),
            ApiKey ?? Environment.GetEnvironmentVariable("KEEL_API_KEY"),
            DataDir ?? Environment.GetEnvironmentVariable("KEEL_DATA_DIR") ?? Path.Combine(".keel", "data"),
            ActorName,
            (Role ?? Environment.GetEnvironmentVariable("KEEL_ROLE") ?? Keel.Security.Permissions.KeelRoles.Admin)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TenantName));

    /// <summary>
    /// The tenant when one was asked for: sent with each request, so a credential of another tenant gets
    /// 404 rather than silently acting elsewhere. Otherwise the credential's tenant applies.
    /// </summary>
    public string? NamedTenant => Tenant ?? Environment.GetEnvironmentVariable("KEEL_TENANT");

    public string TenantName => Tenant ?? Environment.GetEnvironmentVariable("KEEL_TENANT") ?? Keel.Events.TenantName.Default;
}
