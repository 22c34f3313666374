using System.ComponentModel;
using Keel.Cli.Bench;
using Keel.Features.Offline;
using Keel.Training;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel bench explain</c>: TreeSHAP explanations per second for the demo model against the
/// classic recursive TreeSHAP. The model is trained from the sample's training spec on the
/// training set the feature store builds, as every model is.
/// </summary>
public sealed class BenchExplainCommand : AsyncCommand<BenchExplainCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--rows <N>")]
        [Description("Rows explained per batch (default 1000).")]
        public int Rows { get; init; } = 1000;

        [CommandOption("--seconds <S>")]
        [Description("Length of each measurement, split in five rounds (default 5).")]
        public int Seconds { get; init; } = 5;

        public override ValidationResult Validate() =>
            Rows is < 1 or > 100_000 ? ValidationResult.Error("--rows: between 1 and 100000")
            : Seconds is < 1 or > 600 ? ValidationResult.Error("--seconds: between 1 and 600")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await SampleBench.RunAsync("explain", settings.WorkDir, async (platform, _, sample, dataDir) =>
        {
            var set = await platform.Services.GetRequiredService<TrainingSetService>().BuildAsync(SampleBench.Tenant, sample.Service, null, cancellationToken);
            var spec = TrainingSpecFile.Load(SampleBench.SpecPath(dataDir));
            return await TreeShapBenchmark.RunAsync(set, spec, new TreeShapBenchmark.Settings(settings.Rows, TimeSpan.FromSeconds(settings.Seconds)),
                new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        }, cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "explain");
    }
}
