using System.ComponentModel;
using Keel.Cli.Bench;
using Keel.Features.Offline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel bench workflow</c>: the demo model through TrainValidateRegisterDeploy end to end, against
/// training the same spec directly, on the credit sample loaded into a fresh embedded platform.
/// </summary>
public sealed class BenchWorkflowCommand : AsyncCommand<BenchWorkflowCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--runs <N>")]
        [Description("Workflow runs (and baseline trainings) to take the median of (default 5).")]
        public int Runs { get; init; } = 5;

        public override ValidationResult Validate() =>
            Runs is < 1 or > 100 ? ValidationResult.Error("--runs: between 1 and 100") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await SampleBench.RunAsync("workflow", settings.WorkDir, async (platform, client, sample, dataDir) =>
        {
            var set = await platform.Services.GetRequiredService<TrainingSetService>().BuildAsync(SampleBench.Tenant, sample.Service, null, cancellationToken);
            var spec = await File.ReadAllTextAsync(SampleBench.SpecPath(dataDir), cancellationToken);
            return await WorkflowBenchmark.RunAsync(client, set, spec, settings.Runs, new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        }, cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "workflow");
    }
}
