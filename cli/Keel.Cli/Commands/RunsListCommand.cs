using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs list --experiment credit --order-by auc</c>: tracked runs with their metrics.</summary>
public sealed class RunsListCommand : AsyncCommand<RunsListCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--experiment <NAME>")]
        [Description("Only runs of this experiment.")]
        public string? Experiment { get; init; }

        [CommandOption("--order-by <METRIC>")]
        [Description("Order by a metric, highest first (runs without it last).")]
        public string? OrderBy { get; init; }

        [CommandOption("--ascending")]
        [Description("Lowest first (for rmse, logloss, …).")]
        public bool Ascending { get; init; }

        [CommandOption("--limit <N>")]
        public int Limit { get; init; } = 20;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var runs = (await client.ListRunsAsync(settings.Experiment, settings.OrderBy, settings.Ascending, settings.Limit, cancellationToken))["runs"]!.AsArray();
        var metricNames = runs.SelectMany(r => r!["metrics"]!.AsObject().Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Take(6).ToArray();
        var table = new Table().AddColumns(["run", "name", "status", "parent", .. metricNames]);
        foreach (var run in runs)
        {
            var metrics = run!["metrics"]!.AsObject();
            table.AddRow([
                Markup.Escape(((string)run["id"]!)[..8]),
                Markup.Escape((string?)run["name"] ?? ""),
                (string)run["status"]!,
                run["parentRunId"] is JsonValue parent ? Markup.Escape(((string)parent!)[..8]) : "",
                .. metricNames.Select(m => metrics[m] is JsonValue v ? ((double)v).ToString("0.####", CultureInfo.InvariantCulture) : ""),
            ]);
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
