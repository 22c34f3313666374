using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Retention.Policy;
using Keel.Retention.Storage;
using Keel.Tracking;

namespace Keel.Retention.Planning;

/// <summary>
/// Computes what the policy would delete or move, changing nothing. Every tenant that may share a
/// blob is read (those with rules, <see cref="RetentionPolicy.KnownTenants"/>, those in the audit
/// log), because content addressing lets owners in several tenants share one stored copy: a blob
/// is deleted only when every owner lets it go, and touched not at all when any owner protects it.
/// </summary>
public sealed class RetentionPlanner(
    IModelRegistry registry,
    ITrackingStore tracking,
    IAuditLog audit,
    IArtifactTierStore store,
    RetentionPolicy policy,
    StoragePrices prices,
    TimeProvider time)
{
    /// <param name="actingTenants">The tenants whose rules apply; null means every tenant with rules. Other tenants' owners keep their blobs.</param>
    /// <param name="asOf">
    /// A forecast: ages measured at this later moment, on what is stored now (nothing registered,
    /// archived or audited in between is foreseen). Null plans for now.
    /// </param>
    public async Task<RetentionPlan> PlanAsync(IReadOnlyCollection<string>? actingTenants, CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        var now = time.GetUtcNow();
        if (asOf is { } later)
        {
            if (later < now)
            {
                throw new ArgumentOutOfRangeException(nameof(asOf), later, $"A forecast looks ahead; {later:O} is before now ({now:O}).");
            }
            now = later;
        }
        var acting = new SortedSet<string>(actingTenants ?? policy.Tenants.Keys, StringComparer.Ordinal);
        var references = await AuditReferences.ReadAsync(audit, policy, cancellationToken);
        var scanned = new SortedSet<string>(acting.Concat(policy.Tenants.Keys).Concat(policy.KnownTenants).Concat(references.Tenants), StringComparer.Ordinal);

        var verdicts = new OwnerVerdicts(policy, references, acting, now);
        var warnings = new List<string>();
        var incomplete = false;
        var byBlob = new Dictionary<string, List<Reference>>(StringComparer.Ordinal);
        var scanner = new ReferenceScanner(registry, tracking);
        foreach (var tenant in scanned)
        {
            var scan = await scanner.ScanAsync(tenant, cancellationToken);
            warnings.AddRange(scan.Warnings);
            incomplete |= scan.Incomplete;
            foreach (var reference in verdicts.Of(scan))
            {
                Add(byBlob, reference);
            }
        }
        foreach (var (sha256, tenant, evidence) in references.NamedBlobs)
        {
            Add(byBlob, new Reference(sha256, new ArtifactOwner(tenant, AuditReferences.ArtifactTargetPrefix + sha256, "audit"), new Verdict(Hold.Protected, evidence)));
        }

        var copies = new Dictionary<string, List<TieredArtifact>>(StringComparer.Ordinal);
        await foreach (var copy in store.ListTieredAsync(cancellationToken))
        {
            if (byBlob.ContainsKey(copy.Sha256))
            {
                (copies.TryGetValue(copy.Sha256, out var list) ? list : copies[copy.Sha256] = []).Add(copy);
            }
        }

        var priceProblems = new List<string>();
        var actions = new List<PlannedAction>();
        var kept = new List<KeptArtifact>();
        foreach (var (sha256, owners) in byBlob.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (!copies.TryGetValue(sha256, out var stored) || !owners.Any(o => o.Verdict.Releases))
            {
                continue;
            }
            var sorted = owners.Select(o => o.Owner).Distinct().OrderBy(o => o.Tenant, StringComparer.Ordinal)
                .ThenBy(o => o.Target, StringComparer.Ordinal).ThenBy(o => o.ArtifactName, StringComparer.Ordinal).ToArray();
            var bytes = stored.Max(c => c.Size);
            var strongest = owners.MaxBy(o => o.Verdict.Hold)!;
            var wantedBy = string.Join("; ", owners.Where(o => o.Verdict.Releases).Select(o => o.Verdict.Rule).Distinct().Order(StringComparer.Ordinal));
            if (!strongest.Verdict.Releases)
            {
                kept.Add(new KeptArtifact(sha256, bytes, wantedBy, $"{strongest.Verdict.Reason} ({strongest.Owner.Target})", strongest.Owner, sorted));
                continue;
            }
            if (strongest.Verdict.Hold == Hold.Delete && incomplete)
            {
                kept.Add(new KeptArtifact(sha256, bytes, wantedBy, "not every run could be read; see the warnings", null, sorted));
                continue;
            }
            var action = strongest.Verdict.Hold == Hold.Delete ? RetentionAction.Delete : RetentionAction.MoveToCold;
            // A move releases only the hot copy; a delete releases every copy, in both tiers.
            foreach (var copy in stored.Where(c => action == RetentionAction.Delete || c.Tier == StorageTier.Hot).OrderBy(c => c.Tier))
            {
                var rule = action == RetentionAction.Delete ? wantedBy : strongest.Verdict.Rule;
                actions.Add(new PlannedAction(sha256, action, copy.Tier, copy.Size, rule, sorted,
                    prices.MonthlySaving(action, copy.Tier, copy.Size, now, priceProblems)));
            }
        }

        var pricing = prices.UnknownReason is { } unknown
            ? new PlanPricing(null, unknown)
            : new PlanPricing(prices.Currency, priceProblems.Count == 0 ? null : string.Join(" ", priceProblems));
        return new RetentionPlan(now, acting.ToArray(), scanned.ToArray(), actions, kept, warnings, pricing, Forecast: asOf is not null);
    }

    private static void Add(Dictionary<string, List<Reference>> byBlob, Reference reference)
    {
        (byBlob.TryGetValue(reference.Sha256, out var list) ? list : byBlob[reference.Sha256] = []).Add(reference);
    }
}
