using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel report decay --model &lt;m&gt; [--version v] [--window all|24h|7d] [--out DIR]</c>: writes the
/// decay report (HTML and JSON) and prints the live metrics against the registered ones.
/// </summary>
public sealed class ReportDecayCommand : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var report = await settings.WriteReportAsync("decay", cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{(string)report["model"]!} v{(int)report["version"]!}[/], window {(string)report["window"]!["selector"]!}: {(long)report["labelled"]!} labelled predictions, {(int)report["measured"]!} measured");
        AnsiConsole.MarkupLine((string)report["verdict"]! switch
        {
            "degraded" => "[red]Degraded[/]: " + Markup.Escape(string.Join(", ", report["metrics"]!.AsArray().Where(m => (string)m!["verdict"]! == "degraded").Select(m => (string)m!["metric"]!))),
            "ok" => "[green]Within the margins of the registered metrics[/]",
            _ => $"Not judged (a verdict needs {(int)report["min_labels"]!} labelled predictions and a registered version)",
        });
        var table = new Table().AddColumns("metric", "live", "registered", "margin", "verdict");
        foreach (var metric in report["metrics"]!.AsArray().OfType<JsonObject>())
        {
            var verdict = (string)metric["verdict"]!;
            table.AddRow(
                Markup.Escape((string)metric["metric"]!),
                Number(metric["live"]),
                Number(metric["registered"]),
                Number(metric["margin"]),
                verdict == "degraded" ? "[red]degraded[/]" : Markup.Escape(verdict.Replace('_', ' ')));
        }
        AnsiConsole.Write(table);
        return 0;
    }

    private static string Number(JsonNode? value) => value is null ? "—" : ((double)value).ToString("0.####", CultureInfo.InvariantCulture);
}
