using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Retention.Planning;
using Keel.Retention.Storage;
using Microsoft.Extensions.Logging;

namespace Keel.Retention;

/// <summary>
/// Carries out a plan exactly as it was computed, nothing more: each copy is deleted or moved and
/// then recorded in the audit log, one entry per owner, in the owner's tenant. An entry that cannot
/// be appended stops the run, so at most one change goes unrecorded; the log is never written
/// ahead of a change that might then fail.
/// </summary>
public sealed class RetentionApplier(IArtifactTierStore store, IAuditLog audit, StoragePrices prices, ILogger<RetentionApplier> logger)
{
    public async Task<IReadOnlyList<AppliedAction>> ApplyAsync(RetentionPlan plan, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var applied = new List<AppliedAction>(plan.Actions.Count);
        foreach (var action in plan.Actions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var done = action.Action == RetentionAction.Delete
                ? await store.DeleteAsync(action.Sha256, action.Tier, cancellationToken)
                : await store.MoveToColdAsync(action.Sha256, cancellationToken);
            applied.Add(new AppliedAction(action, done));
            if (!done)
            {
                logger.LogInformation("Artifact {Sha256} ({Tier}) was already gone; nothing to {Action}", action.Sha256, action.Tier, action.Action);
                continue;
            }
            foreach (var owner in action.Owners)
            {
                // Not cancelled with the caller: the change is made, and it is not done until it is recorded.
                await audit.AppendAsync(Entry(action, owner, actor), CancellationToken.None);
            }
        }
        return applied;
    }

    private NewAuditEntry Entry(PlannedAction action, ArtifactOwner owner, string actor)
    {
        var details = new JsonObject
        {
            ["sha256"] = action.Sha256,
            ["artifact"] = owner.ArtifactName,
            ["bytes"] = action.Bytes,
            ["rule"] = action.Rule,
            ["tier"] = prices.TierName(action.Tier),
            ["owners"] = action.Owners.Count,
        };
        if (action.Action == RetentionAction.MoveToCold)
        {
            details["to_tier"] = prices.TierName(StorageTier.Cold);
        }
        if (action.MonthlySaving is { } saving && prices.Currency is { } currency)
        {
            details["monthly_saving"] = saving;
            details["currency"] = currency.Code;
        }
        var name = action.Action == RetentionAction.Delete ? LifecycleAudit.ArtifactDeleted : LifecycleAudit.ArtifactMoved;
        return new NewAuditEntry(owner.Tenant, actor, name, owner.Target, details);
    }
}
