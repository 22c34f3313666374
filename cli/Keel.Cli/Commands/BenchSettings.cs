using System.ComponentModel;
using Keel.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Options every benchmark shares: where results and scratch files go.</summary>
public class BenchSettings : CommandSettings
{
    [CommandOption("--out <FILE>")]
    [Description("Write the results as JSON to this file (default: bench-<name>.json in the current folder).")]
    public string? Out { get; init; }

    [CommandOption("--work-dir <DIR>")]
    [Description("Scratch folder for the benchmark's stores (default: the system temp folder).")]
    public string? WorkDir { get; init; }

    public static async Task<int> ReportAsync(IEnumerable<BenchReport> reports, string? path, string name)
    {
        var list = reports.ToList();
        foreach (var report in list)
        {
            var table = new Table().AddColumns("measurement", "value");
            foreach (var (key, value) in report.Measurements)
            {
                table.AddRow(key, value.ToString("N3", System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.MarkupLineInterpolated($"[bold]{report.Name}[/] — {report.Machine}");
            AnsiConsole.Write(table);
            // The verdict is markup of our own; only the target's text is escaped.
            AnsiConsole.MarkupLine($"target: {Markup.Escape(report.Target)} → {(report.TargetMet ? "[green]met[/]" : "[red]not met[/]")}");
        }
        var file = path ?? $"bench-{name}.json";
        var json = list.Count == 1 ? list[0].ToJson() : "[\n" + string.Join(",\n", list.Select(r => r.ToJson())) + "\n]";
        await File.WriteAllTextAsync(file, json);
        AnsiConsole.MarkupLineInterpolated($"results written to {file}");
        return 0;
    }
}
