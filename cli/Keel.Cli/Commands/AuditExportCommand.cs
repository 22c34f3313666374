using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel audit export --from --to [--out FILE]</c>: the tenant's part of the audit log, other tenants'
/// entries sealed, as the JSON lines <c>keel audit verify --file</c> checks.
/// </summary>
public sealed class AuditExportCommand : AsyncCommand<AuditExportCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--from <FROM>")]
        [Description("First sequence number, or an ISO 8601 time (included).")]
        public string? From { get; init; }

        [CommandOption("--to <TO>")]
        [Description("Last sequence number (included), or an ISO 8601 time (excluded).")]
        public string? To { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the export (default: standard output).")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var export = await client.ExportAuditAsync(settings.From, settings.To, cancellationToken);
        if (settings.Out is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(export, cancellationToken);
            return 0;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
        await File.WriteAllBytesAsync(settings.Out, export, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"wrote {export.Length:N0} bytes to {settings.Out}; check it with keel audit verify --file {settings.Out}");
        return 0;
    }
}
