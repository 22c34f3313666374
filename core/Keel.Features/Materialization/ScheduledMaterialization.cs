using Keel.Features.Registry;

namespace Keel.Features.Materialization;

/// <summary>
/// The scheduled half of materialization: for every tenant and current view, loads the online
/// store with offline rows whose event time lies between the view's watermark and now, then
/// moves the watermark. The stream keeps the online store current; this run backfills views
/// added later and repairs an online store that was lost or flushed.
/// </summary>
public sealed class ScheduledMaterialization(IFeatureRegistry registry, FeatureMaterializer materializer, IMaterializationWatermarks watermarks, TimeProvider time)
{
    public async Task<MaterializationResult> RunAsync(CancellationToken cancellationToken)
    {
        var to = time.GetUtcNow();
        var results = new List<ViewMaterialization>();
        foreach (var tenant in await registry.TenantsAsync(cancellationToken))
        {
            var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
            foreach (var view in snapshot.Views)
            {
                var from = await watermarks.GetAsync(tenant, view.Name, cancellationToken) ?? DateTimeOffset.UnixEpoch;
                var result = await materializer.MaterializeRangeAsync(tenant, from, to, [view.Name], cancellationToken);
                await watermarks.SetAsync(tenant, view.Name, to, cancellationToken);
                results.AddRange(result.Views);
            }
        }
        return new MaterializationResult(results);
    }
}
