using System.ComponentModel;
using Keel.Retention.Reports;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel lifecycle apply [--dry-run] [--json]</c>: runs the tenant's artifact lifecycle policy and prints
/// what it deleted or moved (or, with --dry-run, would), with the bytes and storage cost reclaimed.
/// </summary>
public sealed class LifecycleApplyCommand : AsyncCommand<LifecycleApplyCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--dry-run")]
        [Description("List what would be deleted or moved; change nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--json")]
        [Description("Print the report as JSON instead of a table.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var json = (await client.ApplyLifecycleAsync(settings.DryRun, cancellationToken)).ToJsonString();
        Console.Write(settings.Json ? json : RetentionReportTable.Render(RetentionReportJson.Deserialize(json)!));
        return 0;
    }
}
