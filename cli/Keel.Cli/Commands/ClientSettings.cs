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

    public string ActorName => Actor ?? Environment.GetEnvironmentVariable("KEEL_ACTOR") ?? Environment.UserName;

    public KeelClient CreateClient() => KeelClient.Create(
        Url ?? Environment.GetEnvironmentVariable("KEEL_URL") ?? KeelClient.DefaultUrl,
        TenantName);

    public string TenantName => Tenant ?? Environment.GetEnvironmentVariable("KEEL_TENANT") ?? Keel.Events.TenantName.Default;
}
