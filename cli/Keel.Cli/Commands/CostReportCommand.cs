using System.ComponentModel;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel cost report --by team|model|tenant|version --from --to [--format table|json|csv|html] [--out FILE]</c>:
/// the tenant's metered cost, priced with the platform's price book and attributed by one tag.
/// </summary>
public sealed class CostReportCommand : AsyncCommand<CostReportCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--by <TAG>")]
        [Description("team, model, tenant, version, variant or cost_centre (default team).")]
        public string By { get; init; } = "team";

        [CommandOption("--from <TIME>")]
        [Description("Start, ISO 8601 (default 30 days ago).")]
        public string? From { get; init; }

        [CommandOption("--to <TIME>")]
        [Description("End, ISO 8601, excluded (default now).")]
        public string? To { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json, csv or html (with a chart).")]
        public string Format { get; init; } = "table";

        [CommandOption("--out <FILE>")]
        [Description("Write the report to a file instead of the terminal.")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var format = settings.Format == "table" ? "json" : settings.Format;
        var text = await client.CostReportAsync(settings.By, settings.From, settings.To, format, cancellationToken);
        if (settings.Out is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"wrote {path}");
            return 0;
        }
        if (settings.Format != "table")
        {
            Console.Write(text);
            return 0;
        }
        var report = JsonNode.Parse(text)!;
        if (!(bool)report["priced"]!)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]not priced:[/] {(string?)report["problem"]}");
        }
        var table = new Table().AddColumns(settings.By, "cost", "share", "records");
        foreach (var row in report["rows"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            table.AddRow(Markup.Escape((string?)row["key"] ?? ""), Markup.Escape((string?)row["cost"] ?? ""), Markup.Escape(row["share"]?.ToString() ?? ""), Markup.Escape(row["records"]?.ToString() ?? ""));
        }
        AnsiConsole.Write(table);
        if (report["total"] is { } total)
        {
            AnsiConsole.MarkupLineInterpolated($"total {(string?)total} {(string?)report["currency"]}, {(string?)report["from"]} to {(string?)report["to"]}");
        }
        return 0;
    }
}
