using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel train --from-lineage &lt;model&gt; &lt;version&gt;</c>: retrains a version from what its lineage
/// recorded and compares the metrics; exit code 0 only when every metric is identical.
/// </summary>
internal static class LineageRebuildReport
{
    public static async Task<int> RunAsync(KeelClient client, string model, int version, string actor, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"rebuilding {model} v{version} from its lineage as {actor}");
        var result = await client.RebuildFromLineageAsync(model, version, actor, cancellationToken);
        var recorded = result["recordedMetrics"]?.AsObject() ?? new JsonObject();
        var rebuilt = result["rebuiltMetrics"]?.AsObject() ?? new JsonObject();
        var table = new Table().AddColumns("metric", "recorded", "rebuilt", "");
        foreach (var name in recorded.Select(m => m.Key).Union(rebuilt.Select(m => m.Key)).Order(StringComparer.Ordinal))
        {
            var before = Exact(recorded[name]);
            var after = Exact(rebuilt[name]);
            table.AddRow(Markup.Escape(name), before, after, before == after ? "[green]=[/]" : "[red]differs[/]");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"new run: {(string?)result["runId"]}");
        AnsiConsole.MarkupLineInterpolated($"ONNX bytes identical: {((bool?)result["onnxIdentical"] == true ? "yes" : "no")}");
        if ((bool?)result["metricsIdentical"] == true)
        {
            AnsiConsole.MarkupLine("[green]metrics identical[/]");
            return 0;
        }
        AnsiConsole.MarkupLine("[red]metrics differ:[/]");
        foreach (var difference in result["differences"]?.AsArray() ?? [])
        {
            AnsiConsole.MarkupLineInterpolated($"  - {(string?)difference}");
        }
        return 1;
    }

    // Round-trip formatting: two values print the same only when they are the same double.
    private static string Exact(JsonNode? value) =>
        value is JsonValue number && number.TryGetValue<double>(out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : "-";
}
