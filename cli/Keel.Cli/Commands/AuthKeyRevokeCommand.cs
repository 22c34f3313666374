using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel auth key revoke &lt;ID&gt;</c>: the key stops working at once.</summary>
public sealed class AuthKeyRevokeCommand : AsyncCommand<AuthKeyRevokeCommand.Settings>
{
    public sealed class Settings : AuthKeySettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The key's public id, as key list shows it.")]
        public string Id { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var actor = Keel.Governance.AuditActorScope.Begin(AuthKeySettings.LocalActor);
        if (await settings.OpenStore().RevokeAsync(settings.TenantName, settings.Id, cancellationToken))
        {
            AnsiConsole.MarkupLineInterpolated($"[green]revoked[/] {settings.Id}");
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[red]keel:[/] tenant {settings.TenantName} has no active API key {settings.Id}");
        return 1;
    }
}
