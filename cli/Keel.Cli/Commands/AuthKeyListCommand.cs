using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel auth key list</c>: the tenant's API keys, revoked ones included; never a key itself.</summary>
public sealed class AuthKeyListCommand : AsyncCommand<AuthKeySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AuthKeySettings settings, CancellationToken cancellationToken)
    {
        var keys = await settings.OpenStore().ListAsync(settings.TenantName, cancellationToken);
        var table = new Table().AddColumns("id", "name", "roles", "created", "created by", "revoked");
        foreach (var key in keys)
        {
            table.AddRow(
                key.Id,
                Markup.Escape(key.Name),
                Markup.Escape(string.Join(", ", key.Roles)),
                key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(key.CreatedBy),
                key.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "");
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
