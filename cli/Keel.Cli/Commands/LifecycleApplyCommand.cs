using System.ComponentModel;
using System.Globalization;
using Keel.Retention.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel lifecycle apply [--dry-run [--as-of WHEN]] [--json]</c>: runs the tenant's artifact lifecycle policy and
/// prints what it deleted or moved (or, with --dry-run, would; with --as-of, would at that later moment), with
/// the bytes and storage cost reclaimed.
/// </summary>
public sealed class LifecycleApplyCommand : AsyncCommand<LifecycleApplyCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--dry-run")]
        [Description("List what would be deleted or moved; change nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--as-of <WHEN>")]
        [Description("With --dry-run: forecast what the rules release by this later moment (ISO 8601, e.g. 2026-12-31 or 2026-12-31T02:30:00Z, UTC unless an offset is given).")]
        public string? AsOf { get; init; }

        [CommandOption("--json")]
        [Description("Print the report as JSON instead of a table.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (AsOf is null)
            {
                return base.Validate();
            }
            if (!DryRun)
            {
                return ValidationResult.Error("--as-of forecasts a dry run: add --dry-run.");
            }
            return TryParseAsOf(AsOf, out _)
                ? base.Validate()
                : ValidationResult.Error($"--as-of '{AsOf}' is not an ISO 8601 date or instant (e.g. 2026-12-31 or 2026-12-31T02:30:00Z).");
        }

        internal static bool TryParseAsOf(string text, out DateTimeOffset asOf) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        DateTimeOffset? asOf = settings.AsOf is { } text && Settings.TryParseAsOf(text, out var at) ? at : null;
        var json = (await client.ApplyLifecycleAsync(settings.DryRun, cancellationToken, asOf)).ToJsonString();
        Console.Write(settings.Json ? json : RetentionReportTable.Render(RetentionReportJson.Deserialize(json)!));
        return 0;
    }
}
