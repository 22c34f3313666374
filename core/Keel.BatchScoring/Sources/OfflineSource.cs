using System.Runtime.CompilerServices;
using Keel.Features.Offline;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// Every entity of the offline store, with its latest row of each of the service's views that
/// is within the view's TTL — what the online store would serve had it been loaded from the
/// offline store now. An entity missing from a view gets nulls for that view's features, as
/// the online store answers for it.
/// </summary>
/// <remarks>All entities are gathered before the first batch, which bounds this source by memory; an entity list scales further.</remarks>
internal sealed class OfflineSource(IOfflineStore offline, ServiceFeatures service, string tenant, DateTimeOffset asOf) : IScoringSource
{
    public string Description => BatchJob.OfflineDataset;

    public long Rejected => 0;

    public string? FirstRejection => null;

    public async IAsyncEnumerable<IReadOnlyList<ScoringRow>> ReadAsync(int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var byEntity = new SortedDictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        var allNames = new List<string>();
        foreach (var (view, names) in service.Views)
        {
            allNames.AddRange(names);
            var indexes = names.Select(n => view.Compiled.FeatureNames.ToList().IndexOf(n)).ToArray();
            // No upper bound: the online store keeps an entity's latest row whatever its event time.
            var from = view.Definition.Ttl is { } ttl ? asOf - ttl : DateTimeOffset.UnixEpoch;
            var rows = await offline.LatestPerEntityAsync(tenant, view.Definition, from, DateTimeOffset.MaxValue, cancellationToken);
            foreach (var row in rows)
            {
                if (!byEntity.TryGetValue(row.EntityKey, out var features))
                {
                    byEntity[row.EntityKey] = features = new Dictionary<string, object?>(StringComparer.Ordinal);
                }
                for (var i = 0; i < names.Count; i++)
                {
                    features[names[i]] = row.Values[indexes[i]];
                }
            }
        }
        foreach (var chunk in byEntity.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk.Select(pair =>
            {
                foreach (var name in allNames)
                {
                    pair.Value.TryAdd(name, null);
                }
                return new ScoringRow(pair.Key, pair.Value);
            }).ToArray();
        }
    }
}
