using Keel.Costs.Metering;
using Keel.Features.Online;
using Keel.Features.Registry;

namespace Keel.Metering;

/// <summary>
/// Bytes an online store on a server (Redis) holds per tenant: every view the feature registry knows
/// for every tenant it knows, measured by the store itself. Views belong to no model, so model and
/// version are untagged, as for the embedded store.
/// </summary>
internal static class ServerOnlineFootprints
{
    public static async Task<IReadOnlyList<StorageFootprint>> MeasureAsync(IMeasurableOnlineStore store, IFeatureRegistry registry, CancellationToken cancellationToken)
    {
        var footprints = new List<StorageFootprint>();
        foreach (var tenant in (await registry.TenantsAsync(cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            var snapshot = await registry.SnapshotAsync(tenant, cancellationToken).ConfigureAwait(false);
            long bytes = 0;
            foreach (var view in snapshot.Views.Select(v => v.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                bytes += (await store.MeasureAsync(tenant, view, cancellationToken).ConfigureAwait(false)).Bytes;
            }
            if (bytes > 0)
            {
                footprints.Add(new StorageFootprint(StorageFootprint.OnlineStore, tenant,
                    AttributionTags.Untagged, AttributionTags.Untagged, AttributionTags.Untagged, AttributionTags.Untagged, bytes));
            }
        }
        return footprints;
    }
}
