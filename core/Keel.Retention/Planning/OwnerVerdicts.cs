using System.Globalization;
using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Retention.Policy;
using Keel.Storage.Artifacts;
using Keel.Tracking;

namespace Keel.Retention.Planning;

/// <summary>
/// Turns a tenant's versions and runs into references with verdicts. Protection comes first and
/// does not depend on the tenant having rules: a Production or Staging version, a decided approval,
/// audit evidence, and the lineage a version names (its dataset snapshot and what rebuilds it).
/// </summary>
internal sealed class OwnerVerdicts(RetentionPolicy policy, AuditReferences audit, IReadOnlySet<string> acting, DateTimeOffset now)
{
    /// <summary>
    /// The version artifacts that rebuilding a version from its lineage reads: the snapshot and its
    /// manifest, and both specs. Names as <c>Keel.Lifecycle.RunArtifacts</c> writes them.
    /// </summary>
    public static readonly IReadOnlySet<string> LineageArtifactNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "dataset.parquet", "dataset.json", "training-spec.json", "model-spec.json",
    };

    /// <summary>The lineage field that names the dataset snapshot, as an owner's artifact name.</summary>
    public const string LineageDatasetName = "lineage.dataset_snapshot_hash";

    // The tags Keel.Lifecycle.Approvals writes on a version's run.
    private const string ApprovalStatusTag = "approval.status";
    private const string ApprovalDecidedByTag = "approval.decided_by";

    public IEnumerable<Reference> Of(TenantScan scan)
    {
        var versionVerdicts = scan.Versions.ToDictionary(v => v, v => OfVersion(scan, v));
        foreach (var (scanned, verdict) in versionVerdicts)
        {
            var version = scanned.Version;
            var target = AuditTargets.Model(version.ModelName, version.Version);
            var lineage = new Verdict(Hold.Protected, $"lineage of {target} in tenant '{scan.Tenant}'");
            yield return Ref(version.ArtifactSha256, scan.Tenant, target, ArtifactNames.Onnx, verdict);
            foreach (var (name, artifact) in version.Artifacts)
            {
                yield return Ref(artifact.Sha256, scan.Tenant, target, name, LineageArtifactNames.Contains(name) ? lineage : verdict);
            }
            yield return Ref(version.Lineage.DatasetSnapshotHash, scan.Tenant, target, LineageDatasetName, lineage);
        }
        foreach (var run in scan.Runs.Values)
        {
            var verdict = OfRun(scan, run, versionVerdicts);
            foreach (var (name, artifact) in run.Artifacts)
            {
                yield return Ref(artifact.Sha256, scan.Tenant, AuditReferences.RunTargetPrefix + run.Id, name, verdict);
            }
        }
    }

    private Verdict OfVersion(TenantScan scan, ScannedVersion scanned)
    {
        var version = scanned.Version;
        if (version.Stage is ModelStage.Production or ModelStage.Staging)
        {
            return new Verdict(Hold.Protected, $"stage {version.Stage}");
        }
        if (version.RunId is { } runId && scan.Runs.TryGetValue(runId, out var run) && ApprovalOf(run) is { } approval)
        {
            return new Verdict(Hold.Protected, approval);
        }
        if (audit.EvidenceFor(scan.Tenant, AuditTargets.Model(version.ModelName, version.Version)) is { } evidence)
        {
            return new Verdict(Hold.Protected, evidence);
        }
        if (version.Stage != ModelStage.Archived || scanned.ArchivedAt is not { } archivedAt)
        {
            return new Verdict(Hold.Keep, $"stage {version.Stage}: no rule applies");
        }
        var rules = policy.RulesOf(scan.Tenant);
        if (rules.ArchivedColdAfterDays is null && rules.ArchivedDeleteAfterDays is null)
        {
            return new Verdict(Hold.Keep, "no archived_versions rule");
        }
        if (!acting.Contains(scan.Tenant))
        {
            return new Verdict(Hold.Keep, $"tenant '{scan.Tenant}' is not acted for in this run");
        }
        var age = now - archivedAt;
        if (rules.ArchivedDeleteAfterDays is { } delete && age >= TimeSpan.FromDays(delete))
        {
            return new Verdict(Hold.Delete, TenantRules.Describe(TenantRules.DeleteRule, delete));
        }
        if (rules.ArchivedColdAfterDays is { } cold && age >= TimeSpan.FromDays(cold))
        {
            return new Verdict(Hold.Cold, TenantRules.Describe(TenantRules.ColdRule, cold));
        }
        return new Verdict(Hold.Keep, string.Create(CultureInfo.InvariantCulture, $"archived {age.TotalDays:0.#} days ago, younger than the rule"));
    }

    private Verdict OfRun(TenantScan scan, Run run, IReadOnlyDictionary<ScannedVersion, Verdict> versions)
    {
        if (ApprovalOf(run) is { } approval)
        {
            return new Verdict(Hold.Protected, approval);
        }
        var target = AuditReferences.RunTargetPrefix + run.Id;
        if (audit.EvidenceFor(scan.Tenant, target) is { } evidence)
        {
            return new Verdict(Hold.Protected, evidence);
        }
        // A run that became a version lives as long as the version: the version carries the run's
        // artifacts under the same addresses, so the run must not keep them after the version lets go.
        var built = versions.Where(v => v.Key.Version.RunId == run.Id || v.Key.Version.Lineage.ParentRunId == run.Id).ToArray();
        if (built.Length > 0)
        {
            var (version, strongest) = built.MaxBy(v => v.Value.Hold);
            return strongest with { Reason = $"{strongest.Reason} (follows {AuditTargets.Model(version.Version.ModelName, version.Version.Version)})" };
        }
        if (run.Status == RunStatus.Running || run.EndTime is not { } ended)
        {
            return new Verdict(Hold.Keep, "the run is still running");
        }
        if (policy.RulesOf(scan.Tenant).ExperimentArtifactsOlderThanDays is not { } days)
        {
            return new Verdict(Hold.Keep, "no experiment_artifacts rule");
        }
        if (!acting.Contains(scan.Tenant))
        {
            return new Verdict(Hold.Keep, $"tenant '{scan.Tenant}' is not acted for in this run");
        }
        var age = now - ended;
        return age >= TimeSpan.FromDays(days)
            ? new Verdict(Hold.Delete, TenantRules.Describe(TenantRules.ExperimentRule, days))
            : new Verdict(Hold.Keep, string.Create(CultureInfo.InvariantCulture, $"the run ended {age.TotalDays:0.#} days ago, younger than the rule"));
    }

    /// <summary>A decided approval (approved or rejected) is evidence of a review; the version and its run keep their artifacts.</summary>
    private static string? ApprovalOf(Run run) =>
        run.Tags.TryGetValue(ApprovalStatusTag, out var status) && status is "approved" or "rejected"
            ? $"approval {status} on run:{run.Id}"
            : run.Tags.ContainsKey(ApprovalDecidedByTag) ? $"approval decided on run:{run.Id}" : null;

    private static Reference Ref(string sha256, string tenant, string target, string name, Verdict verdict) =>
        new(ArtifactAddress.IsValid(sha256) ? sha256.ToLowerInvariant() : sha256, new ArtifactOwner(tenant, target, name), verdict);
}
