using System.Runtime.CompilerServices;
using Keel.Features.Online;
using Keel.Prediction;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// Entities whose features are read from the online store through the model's feature service,
/// exactly as a prediction by entity reads them; an entity with no present feature (none
/// written, or all past their TTL) is left out and counted, where the online path answers 404.
/// </summary>
internal sealed class EntityListSource(OnlineFeatureService online, string tenant, ModelProfile profile, IEnumerable<string> entities, string description)
    : IScoringSource
{
    private readonly Rejections _rejections = new();

    public string Description => description;

    public long Rejected => _rejections.Count;

    public string? FirstRejection => _rejections.First;

    public async IAsyncEnumerable<IReadOnlyList<ScoringRow>> ReadAsync(int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in entities.Chunk(batchSize))
        {
            var rows = new List<ScoringRow>(chunk.Length);
            // The online read takes at most MaxEntities keys; a larger batch is read in parts.
            foreach (var part in chunk.Chunk(OnlineFeatureRequest.MaxEntities))
            {
                var result = await online.GetAsync(tenant, new OnlineFeatureRequest(profile.FeatureService, null, part), cancellationToken);
                foreach (var found in result.Results)
                {
                    if (found.Status.Values.All(s => s != FeatureStatus.Present))
                    {
                        _rejections.Add($"entity '{found.Entity}': the online store has no current features for it");
                        continue;
                    }
                    rows.Add(new ScoringRow(found.Entity, found.Values));
                }
            }
            if (rows.Count > 0)
            {
                yield return rows;
            }
        }
    }
}
