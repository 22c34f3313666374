using Keel.Audit;
using Keel.Retention.Policy;
using Keel.Storage.Artifacts;

namespace Keel.Retention.Planning;

/// <summary>
/// What the audit log points at, read once per plan: runs and versions that entries are evidence
/// about, blobs named directly (<c>artifact:&lt;sha256&gt;</c>), and every tenant that has entries.
/// The policy's own entries (<c>lifecycle.*</c>) are left out: they record what was already done and
/// would otherwise protect the rest of a run whose first artifacts they report.
/// </summary>
internal sealed class AuditReferences
{
    public const string RunTargetPrefix = "run:";
    public const string ModelTargetPrefix = "model:";
    public const string ArtifactTargetPrefix = "artifact:";

    private readonly Dictionary<(string Tenant, string Target), string> _evidence = [];
    private readonly Dictionary<string, (string Tenant, string Evidence)> _blobs = new(StringComparer.Ordinal);

    public HashSet<string> Tenants { get; } = new(StringComparer.Ordinal);

    public static async Task<AuditReferences> ReadAsync(IAuditLog log, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var references = new AuditReferences();
        await foreach (var entry in log.ReadAsync(new AuditQuery(), cancellationToken))
        {
            references.Add(entry, policy);
        }
        return references;
    }

    /// <summary>The entry that makes this run or version evidence, e.g. <c>approval.granted on model:credit:3</c>.</summary>
    public string? EvidenceFor(string tenant, string target) => _evidence.GetValueOrDefault((tenant, target));

    /// <summary>Blobs that entries name directly, with the first such entry and its tenant.</summary>
    public IEnumerable<(string Sha256, string Tenant, string Evidence)> NamedBlobs => _blobs.Select(b => (b.Key, b.Value.Tenant, b.Value.Evidence));

    private void Add(AuditEntry entry, RetentionPolicy policy)
    {
        Tenants.Add(entry.Tenant);
        if (entry.Action.StartsWith(LifecycleAudit.ActionPrefix, StringComparison.Ordinal))
        {
            return;
        }
        var evidence = $"audit: {entry.Action} on {entry.Target} (#{entry.Sequence})";
        var target = entry.Target;
        if (target.StartsWith(RunTargetPrefix, StringComparison.Ordinal)
            || (target.StartsWith(ModelTargetPrefix, StringComparison.Ordinal) && policy.IsProtectingAuditAction(entry.Action)))
        {
            _evidence.TryAdd((entry.Tenant, target), evidence);
        }
        else if (target.StartsWith(ArtifactTargetPrefix, StringComparison.Ordinal)
            && ArtifactAddress.IsValid(target[ArtifactTargetPrefix.Length..]))
        {
            _blobs.TryAdd(target[ArtifactTargetPrefix.Length..].ToLowerInvariant(), (entry.Tenant, evidence));
        }
    }
}
