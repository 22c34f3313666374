using Keel.Cli.Bench;
using Keel.Cli.Client;
using Keel.Cli.Platform;
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
    private const string Tenant = "bench";

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetFullPath(settings.WorkDir ?? Path.GetTempPath()), "keel-bench-train-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            BenchReport report;
            await using (var platform = await PlatformRunner.StartAsync(0, dataDir, quiet: true, cancellationToken))
            {
                using var client = KeelClient.Create(platform.Address.ToString(), Tenant);
                var sample = await SampleLoader.LoadAsync(client, dataDir, Tenant, cancellationToken);
                var set = await platform.Services.GetRequiredService<TrainingSetService>().BuildAsync(Tenant, sample.Service, null, cancellationToken);
                report = await TrainBenchmark.RunAsync(set, "bad", new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
            }
            return await BenchSettings.ReportAsync([report], settings.Out, "train");
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
