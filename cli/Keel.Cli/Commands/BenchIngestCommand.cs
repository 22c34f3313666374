using System.ComponentModel;
using Keel.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

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
