using Keel.Cli.Bench;
using Keel.Features.Offline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel bench train</c>: LightGbm on the credit sample against SDCA logistic regression in the
/// same run. The training set comes from the feature store, as it does for every model.
/// </summary>
public sealed class BenchTrainCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var report = await SampleBench.RunAsync("train", settings.WorkDir, async (platform, _, sample, _) =>
        {
            var set = await platform.Services.GetRequiredService<TrainingSetService>().BuildAsync(SampleBench.Tenant, sample.Service, null, cancellationToken);
            return await TrainBenchmark.RunAsync(set, "bad", new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        }, cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "train");
    }
}
