using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Spectre.Console;

namespace Keel.Cli.Platform;

/// <summary>The credit sample loaded into a running platform: what was ingested and the registry's view of it afterwards.</summary>
public sealed record SampleLoad(FeatureRepository Repository, IngestSummary Ingest, JsonArray? Views)
{
    public string Service => Repository.FeatureServices[0].Name;

    public string FeaturesView => Repository.FeatureServices[0].Features[0].View;

    public long OfflineRows => View(FeaturesView, "offlineRows");

    public long OnlineEntities => View(FeaturesView, "onlineEntities");

    /// <summary>Every accepted record is in every view offline and every entity online.</summary>
    public bool Materialized => Views is not null && OfflineRows == Ingest.Accepted && OnlineEntities == Ingest.Entities;

    private long View(string name, string field) =>
        Views?.SingleOrDefault(v => (string)v!["name"]! == name)?[field] is JsonValue value ? (long)value : 0;
}

/// <summary>
/// Ingests the credit sample through the platform's API (with a progress bar) and waits until
/// it is materialized: the first half of <c>keel demo</c>, and the data of <c>keel bench train</c>.
/// </summary>
public static class SampleLoader
{
    private static readonly TimeSpan MaterializationTimeout = TimeSpan.FromMinutes(3);

    public static async Task<SampleLoad> LoadAsync(KeelClient client, string dataDir, string tenant, CancellationToken cancellationToken)
    {
        var (csv, repositoryFolder) = SampleData.Extract(Path.Combine(dataDir, "sample"));
        var repository = FeatureRepositoryFile.Load(repositoryFolder);
        var total = CsvIngestion.CountRows(csv);
        IngestSummary ingest = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("ingest " + Path.GetFileName(csv), maxValue: Math.Max(1, total));
                ingest = await CsvIngestion.RunAsync(client, repository, csv, tenant, CsvIngestion.DefaultBatchSize, rows => task.Value = rows, cancellationToken);
            });
        var views = await WaitForMaterializationAsync(client, repository, ingest.Accepted, ingest.Entities, cancellationToken);
        return new SampleLoad(repository, ingest, views);
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
