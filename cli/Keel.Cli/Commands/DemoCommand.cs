using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Cli.Platform;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel demo</c>: starts the embedded platform, ingests the credit sample through the HTTP
/// API and Kafka, waits for it to be materialized, reads features online, builds a
/// point-in-time training set, reports what happened and exits. With <c>--json</c> the last
/// line of standard output is one JSON object with the counts.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("Where the demo's stores live (default: a new folder under the system temp folder).")]
        public string? DataDir { get; init; }

        [CommandOption("--json")]
        [Description("End with one line of JSON describing the run.")]
        public bool Json { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("HTTP port on loopback (default 0: a free one).")]
        public int Port { get; init; }
    }

    private const string Tenant = "demo";
    private static readonly TimeSpan MaterializationTimeout = TimeSpan.FromMinutes(3);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var dataDir = Path.GetFullPath(settings.DataDir ?? Path.Combine(Path.GetTempPath(), "keel-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
        var (csv, repositoryFolder) = SampleData.Extract(Path.Combine(dataDir, "sample"));
        var repository = FeatureRepositoryFile.Load(repositoryFolder);
        var featuresView = repository.FeatureServices[0].Features[0].View;
        var service = repository.FeatureServices[0].Name;

        AnsiConsole.MarkupLineInterpolated($"[bold]Keel demo[/]: credit sample ({Path.GetFileName(csv)}), data in {dataDir}");
        await using var platform = await PlatformRunner.StartAsync(settings.Port, dataDir, quiet: true, cancellationToken);
        var bootstrap = platform.Services.GetRequiredService<KafkaConnection>().BootstrapServers;
        AnsiConsole.MarkupLineInterpolated($"platform up at {platform.Address}; Kafka (embedded, 3 brokers) at {bootstrap}");

        using var client = KeelClient.Create(platform.Address.ToString(), Tenant);
        var total = CsvIngestion.CountRows(csv);
        IngestSummary ingest = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("ingest credit_data.csv", maxValue: Math.Max(1, total));
                ingest = await CsvIngestion.RunAsync(client, repository, csv, Tenant, CsvIngestion.DefaultBatchSize, rows => task.Value = rows, cancellationToken);
            });
        IngestCommand.Report(ingest, platform.Address);

        var views = await WaitForMaterializationAsync(client, repository, ingest.Accepted, ingest.Entities, cancellationToken);
        var materialized = views is null ? 0L : (long)views.Single(v => (string)v!["name"]! == featuresView)!["offlineRows"]!;
        var onlineEntities = views is null ? 0L : (long)views.Single(v => (string)v!["name"]! == featuresView)!["onlineEntities"]!;
        AnsiConsole.MarkupLineInterpolated($"materialized {materialized:N0} rows of {featuresView} offline (Parquet) and {onlineEntities:N0} entities online");

        var online = await client.ReadOnlineAsync(service, null, ["1", "2"], cancellationToken);
        var first = online["results"]![0]!;
        AnsiConsole.MarkupLineInterpolated($"online read of {service} for entity 1: {first["values"]!.ToJsonString()}");

        var setPath = Path.Combine(dataDir, "datasets", service + ".parquet");
        var set = await client.DownloadTrainingSetAsync(service, null, setPath, cancellationToken);
        var hash = set.Sha256;
        AnsiConsole.MarkupLineInterpolated($"training set of {service}: {set.Rows:N0} rows (label {set.Label}), point in time, written to {setPath} (sha256 {hash[..16]}…)");

        var ok = views is not null && set.Rows > 0 && materialized == ingest.Accepted && onlineEntities == ingest.Entities;
        if (settings.Json)
        {
            Console.WriteLine(new JsonObject
            {
                ["records_ingested"] = ingest.Accepted,
                ["records_rejected"] = ingest.Rejected.Count,
                ["records_materialized"] = materialized,
                ["online_entities"] = onlineEntities,
                ["training_rows"] = set.Rows,
                ["training_set"] = setPath,
                ["training_set_sha256"] = hash,
                ["kafka_bootstrap"] = bootstrap,
                ["data_dir"] = dataDir,
                ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            }.ToJsonString());
        }
        return ok ? 0 : 1;
    }

    /// <summary>Waits until every view of the repository holds every accepted record offline and every entity online.</summary>
    private static async Task<JsonArray?> WaitForMaterializationAsync(KeelClient client, FeatureRepository repository, int records, int entities, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + MaterializationTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var views = (await client.ListFeaturesAsync(cancellationToken))["views"]!.AsArray();
            var done = repository.FeatureViews.All(definition =>
                views.FirstOrDefault(v => (string)v!["name"]! == definition.Name) is { } view
                && (long)view["offlineRows"]! >= records
                && (long)view["onlineEntities"]! >= entities);
            if (done)
            {
                return views;
            }
            await Task.Delay(200, cancellationToken);
        }
        AnsiConsole.MarkupLine("[red]materialization did not finish in time[/]");
        return null;
    }
}
