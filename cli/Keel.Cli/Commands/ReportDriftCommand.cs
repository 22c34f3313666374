using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel report drift --model &lt;m&gt; [--version v] [--window latest|24h|7d] [--out DIR]</c>: writes the
/// drift report (HTML and JSON) and prints its verdicts.
/// </summary>
public sealed class ReportDriftCommand : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var report = await settings.WriteReportAsync("drift", cancellationToken);
        var window = report["window"]!;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{(string)report["model"]!} v{(int)report["version"]!}[/], window {(string)window["selector"]!}: {(int)window["merged"]!} judged window(s) from {(string)window["from"]!} to {(string)window["to"]!}, {(long)report["live_rows"]!} live rows against {(long)report["reference_rows"]!} reference rows");
        var drifted = report["drifted_features"]!.AsArray().Select(f => (string)f!).ToList();
        var share = Percent((double)report["drift_share"]!);
        var verdict = (bool)report["dataset_drift"]!
            ? $"[red]Dataset drift[/]: {drifted.Count} of {(int)report["compared_features"]!} features drifted ({share}): {Markup.Escape(string.Join(", ", drifted))}"
            : $"[green]No dataset drift[/]: {drifted.Count} of {(int)report["compared_features"]!} features drifted ({share})";
        AnsiConsole.MarkupLine(verdict);
        if (report["score"] is JsonObject)
        {
            AnsiConsole.MarkupLine((bool)report["score_drift"]! ? "[red]The score drifted[/]" : "[green]The score did not drift[/]");
        }
        var findings = report["data_quality"]!.AsArray();
        AnsiConsole.MarkupLine(findings.Count == 0 ? "No data-quality findings" : $"[yellow]{findings.Count} data-quality finding(s)[/]");

        var table = new Table().AddColumns("feature", "method", "statistic", "p-value", "threshold", "drifted");
        foreach (var feature in report["features"]!.AsArray().Append(report["score"]).OfType<JsonObject>())
        {
            table.AddRow(
                Markup.Escape((string)feature["feature"]!),
                Markup.Escape((string?)feature["method"] ?? "—"),
                Number(feature["statistic"]),
                Number(feature["p_value"]),
                Number(feature["threshold"]),
                feature["skipped"] is JsonValue skipped ? Markup.Escape("skipped: " + (string)skipped!) : (bool)feature["drifted"]! ? "[red]yes[/]" : "no");
        }
        AnsiConsole.Write(table);
        foreach (var finding in findings.OfType<JsonObject>())
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]{(string)finding["feature"]!}[/]: {(string)finding["message"]!}");
        }
        return 0;
    }

    private static string Number(JsonNode? value) => value is null ? "—" : ((double)value).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
