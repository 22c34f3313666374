using System.Globalization;
using Keel.ModelRegistry;
using Keel.Tracking;

namespace Keel.Retention.Planning;

/// <summary>Reads a tenant's versions and runs through the registry's and tracking store's public interfaces.</summary>
internal sealed class ReferenceScanner(IModelRegistry registry, ITrackingStore tracking)
{
    public async Task<TenantScan> ScanAsync(string tenant, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var versions = new List<ScannedVersion>();
        foreach (var model in await registry.ListModelsAsync(tenant, cancellationToken))
        {
            var archivedAt = (await registry.TransitionsAsync(tenant, model.Name, null, cancellationToken))
                .Where(t => t.To == ModelStage.Archived)
                .GroupBy(t => t.Version)
                .ToDictionary(g => g.Key, g => g.Max(t => t.At));
            foreach (var version in await registry.ListVersionsAsync(tenant, model.Name, null, cancellationToken))
            {
                versions.Add(new ScannedVersion(version, version.Stage == ModelStage.Archived
                    ? archivedAt.TryGetValue(version.Version, out var at) ? at : version.UpdatedAt
                    : null));
            }
        }

        var incomplete = false;
        var runs = new Dictionary<string, Run>(StringComparer.Ordinal);
        foreach (var experiment in await tracking.ListExperimentsAsync(tenant, cancellationToken))
        {
            var listed = await tracking.ListRunsAsync(tenant, new RunQuery { Experiment = experiment.Name, Limit = TrackingLimits.MaxListLimit }, cancellationToken);
            if (listed.Count >= TrackingLimits.MaxListLimit)
            {
                // The tracking store lists at most this many runs, newest first, with no way to page:
                // older runs are invisible, and a blob one of them keeps could look unowned.
                incomplete = true;
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"tenant '{tenant}', experiment '{experiment.Name}': more than {TrackingLimits.MaxListLimit} runs; only the newest were read, so nothing is deleted in this plan."));
            }
            foreach (var run in listed)
            {
                runs[run.Id] = run;
            }
        }

        // A version's runs are read by id as well, so that they count even when a listing missed them.
        foreach (var runId in versions.SelectMany(v => new[] { v.Version.RunId, v.Version.Lineage.ParentRunId }).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (runs.ContainsKey(runId))
            {
                continue;
            }
            try
            {
                runs[runId] = await tracking.GetRunAsync(tenant, runId, cancellationToken);
            }
            catch (RunNotFoundException)
            {
                warnings.Add($"tenant '{tenant}': run '{runId}' named by a version is not in the tracking store.");
            }
        }
        return new TenantScan(tenant, versions, runs, warnings, incomplete);
    }
}
