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
            AnsiConsole.MarkupLineInterpolated($"target: {report.Target} → {(report.TargetMet ? "[green]met[/]" : "[red]not met[/]")}");
        }
        var file = path ?? $"bench-{name}.json";
        var json = list.Count == 1 ? list[0].ToJson() : "[\n" + string.Join(",\n", list.Select(r => r.ToJson())) + "\n]";
        await File.WriteAllTextAsync(file, json);
        AnsiConsole.MarkupLineInterpolated($"results written to {file}");
        return 0;
    }
}

/// <summary><c>keel bench ingest</c>.</summary>
public sealed class BenchIngestCommand : AsyncCommand<BenchIngestCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--records <N>")]
        public int Records { get; init; } = 100_000;

        [CommandOption("--entities <N>")]
        public int Entities { get; init; } = 20_000;

        [CommandOption("--batch-size <N>")]
        [Description("Consumer batch size (Keel:Kafka:Consumer:MaxBatchSize).")]
        public int BatchSize { get; init; } = 2_000;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await IngestBenchmark.RunAsync(new IngestBenchOptions(settings.Records, settings.Entities, settings.BatchSize, settings.WorkDir),
            new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "ingest");
    }
}

/// <summary><c>keel bench online</c>: in-process and HTTP latency of a 14-feature online read.</summary>
public sealed class BenchOnlineCommand : AsyncCommand<BenchOnlineCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--entities <N>")]
        public int Entities { get; init; } = 100_000;

        [CommandOption("--reads <N>")]
        [Description("In-process reads (default 200000).")]
        public int Reads { get; init; } = 200_000;

        [CommandOption("--requests <N>")]
        [Description("HTTP requests (default 20000).")]
        public int Requests { get; init; } = 20_000;

        [CommandOption("--redis <CONNECTION>")]
        [Description("Also measure the Redis online store at this address.")]
        public string? Redis { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var progress = new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"));
        var workDir = settings.WorkDir ?? Path.GetTempPath();
        var inProcess = await OnlineReadBenchmark.RunInProcessAsync(workDir, settings.Entities, settings.Reads, settings.Redis, progress, cancellationToken);
        var http = await HttpOnlineBenchmark.RunAsync(workDir, settings.Entities, settings.Requests, progress, cancellationToken);
        return await BenchSettings.ReportAsync([inProcess, http], settings.Out, "online");
    }
}

/// <summary><c>keel bench pit</c>: DuckDB point-in-time join against an in-memory sort-and-search baseline.</summary>
public sealed class BenchPitCommand : AsyncCommand<BenchPitCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--labels <N>")]
        public int Labels { get; init; } = 100_000;

        [CommandOption("--events <N>")]
        public int Events { get; init; } = 1_000_000;

        [CommandOption("--entities <N>")]
        public int Entities { get; init; } = 100_000;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new PitBenchOptions { LabelRows = settings.Labels, Events = settings.Events, Entities = settings.Entities, WorkDirectory = settings.WorkDir };
        var report = await PitBenchmark.RunAsync(options, new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "pit");
    }
}
