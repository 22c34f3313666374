using Keel.Costs.Metering;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Tracking;

namespace Keel.Metering;

/// <summary>
/// Who holds which artifact bytes. Artifacts are content-addressed and stored once, so an artifact
/// referred to by several owners (a version, its run, another model's run on the same dataset) is
/// split evenly between them: the owners' bytes add up to the bytes stored. An owner is a tenant's
/// model version (registry versions, and the runs behind them) or a run's model when no version
/// came of it. Stored artifacts nobody refers to belong to the tenant <c>untagged</c>.
/// </summary>
internal sealed class ArtifactFootprints(IModelRegistry registry, ITrackingStore tracking, IArtifactStore artifacts)
{
    private const string Untagged = AttributionTags.Untagged;

    public async Task<IReadOnlyList<StorageFootprint>> MeasureAsync(IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var owners = new Dictionary<string, SortedSet<Owner>>(StringComparer.Ordinal);
        void Refer(string sha256, Owner owner, long? size)
        {
            if (!owners.TryGetValue(sha256, out var set))
            {
                owners[sha256] = set = [];
            }
            set.Add(owner);
            if (size is { } known)
            {
                sizes[sha256] = known;
            }
        }

        foreach (var tenant in tenants.Distinct(StringComparer.Ordinal))
        {
            var runs = await RunsAsync(tenant, cancellationToken).ConfigureAwait(false);
            var versionOfRun = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var model in await registry.ListModelsAsync(tenant, cancellationToken).ConfigureAwait(false))
            {
                foreach (var version in await registry.ListVersionsAsync(tenant, model.Name, null, cancellationToken).ConfigureAwait(false))
                {
                    var versionText = version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var run = version.RunId is { } runId ? runs.GetValueOrDefault(runId) : null;
                    if (version.RunId is { } id)
                    {
                        versionOfRun[id] = versionText;
                    }
                    var owner = Owner.Of(tenant, model.Name, versionText, run);
                    Refer(version.ArtifactSha256, owner, null);
                    foreach (var artifact in version.Artifacts.Values)
                    {
                        Refer(artifact.Sha256, owner, null);
                    }
                }
            }
            foreach (var run in runs.Values)
            {
                var owner = Owner.Of(tenant, run.Tags.GetValueOrDefault("model") ?? Untagged, versionOfRun.GetValueOrDefault(run.Id) ?? Untagged, run);
                foreach (var artifact in run.Artifacts.Values)
                {
                    Refer(artifact.Sha256, owner, artifact.Size);
                }
            }
        }

        if (artifacts is IArtifactInventory inventory)
        {
            await foreach (var stored in inventory.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                sizes[stored.Sha256] = stored.Size;
                if (!owners.ContainsKey(stored.Sha256))
                {
                    owners[stored.Sha256] = [new Owner(Untagged, Untagged, Untagged, Untagged, Untagged)];
                }
            }
        }

        var bytes = new Dictionary<Owner, long>();
        foreach (var (sha256, set) in owners)
        {
            if (!sizes.TryGetValue(sha256, out var size))
            {
                size = await SizeAsync(sha256, cancellationToken).ConfigureAwait(false);
            }
            var list = set.ToArray();
            var shares = ByteShares.Split(size, list.Select(_ => 1L).ToArray());
            for (var i = 0; i < list.Length; i++)
            {
                bytes[list[i]] = bytes.GetValueOrDefault(list[i]) + shares[i];
            }
        }
        return bytes.Where(b => b.Value > 0)
            .Select(b => new StorageFootprint(StorageFootprint.Artifacts, b.Key.Tenant, b.Key.Model, b.Key.Version, b.Key.Team, b.Key.CostCentre, b.Value))
            .ToArray();
    }

    /// <summary>The top-level runs of every experiment of the tenant (trials store no artifacts), by id.</summary>
    private async Task<Dictionary<string, Run>> RunsAsync(string tenant, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, Run>(StringComparer.Ordinal);
        foreach (var experiment in await tracking.ListExperimentsAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            var query = new RunQuery { Experiment = experiment.Name, TopLevelOnly = true, Limit = TrackingLimits.MaxListLimit };
            foreach (var run in await tracking.ListRunsAsync(tenant, query, cancellationToken).ConfigureAwait(false))
            {
                runs[run.Id] = run;
            }
        }
        return runs;
    }

    /// <summary>The size of an artifact no run or inventory stated; 0 when it is not stored (nothing is held).</summary>
    private async Task<long> SizeAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await artifacts.OpenAsync(sha256, cancellationToken).ConfigureAwait(false);
            if (stream.CanSeek)
            {
                return stream.Length;
            }
            var total = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
            return total;
        }
        catch (ArtifactNotFoundException)
        {
            return 0;
        }
    }

    private sealed record Owner(string Tenant, string Model, string Version, string Team, string CostCentre) : IComparable<Owner>
    {
        public static Owner Of(string tenant, string model, string version, Run? run) => new(tenant, model, version,
            Tag(run?.Tags.GetValueOrDefault(TrainingMeter.TeamTag)), Tag(run?.Tags.GetValueOrDefault(TrainingMeter.CostCentreTag)));

        public int CompareTo(Owner? other) => other is null ? 1 : string.CompareOrdinal(Key, other.Key);

        private string Key => string.Join('\u001f', Tenant, Model, Version, Team, CostCentre);

        private static string Tag(string? value) => string.IsNullOrWhiteSpace(value) ? Untagged : value.Trim();
    }
}
