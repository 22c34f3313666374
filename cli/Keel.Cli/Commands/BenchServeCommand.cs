using System.ComponentModel;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keel.Cli.Bench;
using Keel.Cli.Platform;
using Keel.Functions.Http;
using Keel.ModelRegistry;
using Keel.Security.Permissions;
using Keel.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel bench serve</c>: the demo model, trained and deployed through the workflow on a fresh
/// embedded platform, served over the Open Inference Protocol against raw in-process ONNX Runtime.
/// </summary>
public sealed class BenchServeCommand : AsyncCommand<BenchServeCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--concurrency <N>")]
        [Description("Concurrent clients, and threads of the raw baseline (default 8).")]
        public int Concurrency { get; init; } = 8;

        [CommandOption("--seconds <S>")]
        [Description("Length of each measured run (default 5).")]
        public int Seconds { get; init; } = 5;

        public override ValidationResult Validate() =>
            Concurrency is < 1 or > 256 ? ValidationResult.Error("--concurrency: between 1 and 256")
            : Seconds is < 1 or > 600 ? ValidationResult.Error("--seconds: between 1 and 600")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = await SampleBench.RunAsync("serve", settings.WorkDir, async (platform, client, sample, dataDir) =>
        {
            var setPath = Path.Combine(dataDir, "datasets", sample.Service + ".parquet");
            await client.DownloadTrainingSetAsync(sample.Service, null, setPath, cancellationToken);
            var specPath = SampleBench.SpecPath(dataDir);
            var model = await DemoTraining.RunAsync(client, platform.CreateClient(DemoTraining.Approver, KeelRoles.Approver, SampleBench.Tenant), specPath, m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"), cancellationToken);
            if (!model.Deployed || model.Version is not { } version)
            {
                throw new InvalidOperationException($"The demo model was not deployed: {model.Summary}");
            }

            using var http = new HttpClient { BaseAddress = platform.Address };
            http.DefaultRequestHeaders.Authorization = platform.Credentials(DemoTraining.DataScientist, KeelRoles.DataScientist, SampleBench.Tenant);
            var versionPath = $"/v2/models/{model.Model}/versions/{version}";
            await DemoServing.WaitReadyAsync(http, versionPath, cancellationToken);
            var metadata = (await http.GetFromJsonAsync<JsonNode>(versionPath, cancellationToken))!;
            var inputs = metadata["inputs"]!.AsArray().Select(i => ((string)i!["name"]!, (string)i["datatype"]!)).ToArray();
            var onnx = await http.GetByteArrayAsync($"/api/models/{model.Model}/versions/{version}/artifacts/{ArtifactNames.Onnx}", cancellationToken);
            var spec = TrainingSpecFile.Load(specPath);
            var rows = DemoServing.HoldoutRows(setPath, spec.Seed, spec.HoldoutFraction);
            return await ServeBenchmark.RunAsync(http, platform.Address, http.DefaultRequestHeaders.Authorization?.ToString(), versionPath, onnx, rows, inputs,
                new ServeBenchmark.Settings(settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds)),
                new Progress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        }, cancellationToken);
        return await BenchSettings.ReportAsync([report], settings.Out, "serve");
    }
}
