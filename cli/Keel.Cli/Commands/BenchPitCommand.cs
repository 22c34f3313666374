using Keel.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

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
