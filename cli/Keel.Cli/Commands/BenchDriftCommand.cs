using System.ComponentModel;
using Keel.Cli.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel bench drift</c>: rows/s to profile a million rows of 14 features and compare them with a
/// reference profile, against an exact sort-based KS in the same run, and the profile's memory.
/// </summary>
public sealed class BenchDriftCommand : AsyncCommand<BenchDriftCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--rows <N>")]
        [Description("Rows in the current data and in the reference (default 1000000).")]
        public int Rows { get; init; } = 1_000_000;

        [CommandOption("--rounds <N>")]
        [Description("Timed rounds of each side after a warm-up, alternating; the median is reported (default 5).")]
        public int Rounds { get; init; } = 5;

        public override ValidationResult Validate() =>
            Rows is < 1_000 or > 20_000_000 ? ValidationResult.Error("--rows: between 1000 and 20000000")
            : Rounds is < 1 or > 50 ? ValidationResult.Error("--rounds: between 1 and 50")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = DriftBenchmark.Run(new DriftBenchmark.Settings(settings.Rows, settings.Rounds),
            new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "drift");
    }
}
