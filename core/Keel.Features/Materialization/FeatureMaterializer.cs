using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Records;
using Keel.Features.Registry;
using Microsoft.Extensions.Logging;

namespace Keel.Features.Materialization;

/// <summary>
/// Turns records into feature rows with each view's compiled transformations and writes them
/// to the offline store (history, idempotent by event id) and then the online store (latest
/// value, last-writer-wins). Running the same records twice leaves both stores unchanged, which
/// is what makes at-least-once delivery exactly once in effect.
/// </summary>
public sealed class FeatureMaterializer(
    IFeatureRegistry registry,
    IOfflineStore offline,
    IOnlineStore online,
    TimeProvider time,
    ILogger<FeatureMaterializer> logger)
{
    /// <summary>Materializes records whose dataset has a registered repository; throws for records of unknown datasets.</summary>
    public async Task<MaterializationResult> MaterializeAsync(IReadOnlyList<IngestedRecord> records, CancellationToken cancellationToken)
    {
        var results = new List<ViewMaterialization>();
        var createdAt = time.GetUtcNow();
        foreach (var tenantGroup in records.GroupBy(r => r.Tenant))
        {
            var snapshot = await registry.SnapshotAsync(tenantGroup.Key, cancellationToken);
            foreach (var datasetGroup in tenantGroup.GroupBy(r => r.Dataset))
            {
                var repository = snapshot.ForDataset(datasetGroup.Key)
                    ?? throw new UnknownDatasetException(tenantGroup.Key, datasetGroup.Key);
                var batch = datasetGroup.ToArray();
                // Views are independent of each other: write them concurrently.
                var written = await Task.WhenAll(repository.Views.Select(view => Task.Run(() =>
                {
                    var rows = new FeatureRow[batch.Length];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        var record = batch[i];
                        rows[i] = new FeatureRow(record.EntityKey, record.EventTime, createdAt, record.EventId, view.Compiled.Evaluate(record.Values));
                    }
                    return WriteAsync(tenantGroup.Key, view, rows, cancellationToken);
                }, cancellationToken)));
                results.AddRange(written);
            }
        }
        return new MaterializationResult(results);
    }

    /// <summary>
    /// Loads the online store from the offline store: the latest row per entity with event time
    /// in [from, to), for every current view of the tenant (or the named ones).
    /// </summary>
    public async Task<MaterializationResult> MaterializeRangeAsync(string tenant, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? views, CancellationToken cancellationToken)
    {
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var selected = views is { Count: > 0 }
            ? views.Select(name => snapshot.View(name) ?? throw new UnknownFeatureException($"feature view '{name}'")).ToArray()
            : snapshot.Views.ToArray();
        var results = new List<ViewMaterialization>();
        foreach (var view in selected)
        {
            var rows = await offline.LatestPerEntityAsync(tenant, view.Definition, from, to, cancellationToken);
            await online.WriteAsync(tenant, view.Name, view.Version, view.Compiled.FeatureNames, rows, cancellationToken);
            results.Add(new ViewMaterialization(tenant, view.Name, view.Version, rows.Count, 0, from, to));
            logger.LogInformation("Materialized {Rows} entities of {Tenant}/{View} from {From:O} to {To:O} into the online store",
                rows.Count, tenant, view.Name, from, to);
        }
        return new MaterializationResult(results);
    }

    private async Task<ViewMaterialization> WriteAsync(string tenant, RegisteredView view, FeatureRow[] rows, CancellationToken cancellationToken)
    {
        var fresh = await offline.AppendAsync(tenant, view.Definition, view.Version, rows, cancellationToken);
        await online.WriteAsync(tenant, view.Name, view.Version, view.Compiled.FeatureNames, rows, cancellationToken);
        var from = rows.Min(r => r.EventTime);
        var to = rows.Max(r => r.EventTime);
        return new ViewMaterialization(tenant, view.Name, view.Version, rows.Length, fresh, from, to);
    }
}
