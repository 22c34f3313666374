using System.Globalization;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Prediction;

namespace Keel.BatchScoring.Sources;

/// <summary>Opens the source a job names; a missing file or an offline job without an offline store is the job's fault, not a failed run.</summary>
public sealed class ScoringSources(IFeatureRegistry registry, OnlineFeatureService online, BatchPaths paths, IOfflineStore? offline = null)
{
    public async Task<IScoringSource> OpenAsync(BatchJob job, ModelProfile profile, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        if (job.ScoresEntities)
        {
            var file = job.EntitiesFile is { } name ? Existing(job, paths.Input(job, name), "entitiesFile") : null;
            var inline = job.Entities ?? [];
            var keys = file is null ? inline : inline.Concat(EntityKeys(file));
            var description = file is null
                ? string.Create(CultureInfo.InvariantCulture, $"{inline.Count} entities")
                : inline.Count == 0 ? Path.GetFileName(file) : string.Create(CultureInfo.InvariantCulture, $"{inline.Count} entities and {Path.GetFileName(file)}");
            return new EntityListSource(online, job.Tenant, profile, keys, description);
        }
        var service = await ServiceFeatures.ForAsync(registry, job.Tenant, profile, cancellationToken);
        if (job.IsOffline)
        {
            return new OfflineSource(offline ?? throw new BatchJobException("This host has no offline store; score a file or an entity list instead."),
                service, job.Tenant, asOf);
        }
        return new RecordFileSource(Existing(job, paths.Input(job, job.Dataset!), "dataset"), service);
    }

    private static IEnumerable<string> EntityKeys(string file) =>
        File.ReadLines(file).Select(line => line.Trim()).Where(line => line.Length > 0);

    // A caller from outside learns only the name it gave, not where the host keeps its data.
    private static string Existing(BatchJob job, string path, string field) =>
        File.Exists(path) ? path
        : throw new BatchJobException(job.Trusted ? $"{field}: there is no file '{path}'." : $"{field}: the tenant's batch-scoring folder has no file '{Path.GetFileName(path)}'.");
}
