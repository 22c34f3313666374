using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Storage;

namespace Keel.Retention.Reports;

/// <summary>
/// What a policy run did or, in a dry run, would do: totals, a row per tenant, every action with its
/// status, what was kept and why, and warnings. A blob shared by tenants counts in each owner's
/// row and once in the totals.
/// </summary>
public sealed record RetentionReport(
    RetentionMode Mode,
    string Actor,
    DateTimeOffset PlannedAt,
    IReadOnlyList<string> ActingTenants,
    IReadOnlyList<string> ScannedTenants,
    ReportTotals Totals,
    IReadOnlyList<TenantSummary> Tenants,
    IReadOnlyList<ReportedAction> Actions,
    IReadOnlyList<KeptArtifact> Kept,
    IReadOnlyList<string> Warnings,
    bool Forecast = false)
{
    public const string Planned = "planned";
    public const string Done = "done";
    public const string AlreadyGone = "already_gone";

    /// <param name="applied">What applying the plan did; null for a dry run.</param>
    public static RetentionReport Of(RetentionPlan plan, RetentionMode mode, string actor, IReadOnlyList<AppliedAction>? applied)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var actions = plan.Actions.Select((a, i) => ReportedAction.Of(a,
            applied is null ? Planned : i < applied.Count ? applied[i].Done ? Done : AlreadyGone : Planned)).ToArray();
        var tenants = plan.ActingTenants.Concat(plan.Actions.SelectMany(a => a.Owners).Select(o => o.Tenant))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(t => TenantSummary.Of(t, plan.Actions.Where(a => a.Owners.Any(o => o.Tenant == t)).ToArray(), plan.Pricing))
            .ToArray();
        return new RetentionReport(mode, actor, plan.PlannedAt, plan.ActingTenants, plan.ScannedTenants,
            ReportTotals.Of(plan.Actions, plan.Pricing), tenants, actions, plan.Kept, plan.Warnings, plan.Forecast);
    }
}

/// <summary>Counts, bytes and the monthly saving; the saving is null, with the reason, when it cannot be priced.</summary>
public sealed record ReportTotals(int Deletes, long BytesDeleted, int Moves, long BytesMoved, decimal? MonthlySaving, string? Currency, string? CostUnknownReason)
{
    internal static ReportTotals Of(IReadOnlyCollection<PlannedAction> actions, PlanPricing pricing) => new(
        actions.Count(a => a.Action == RetentionAction.Delete),
        actions.Where(a => a.Action == RetentionAction.Delete).Sum(a => a.Bytes),
        actions.Count(a => a.Action == RetentionAction.MoveToCold),
        actions.Where(a => a.Action == RetentionAction.MoveToCold).Sum(a => a.Bytes),
        pricing.IsKnown ? actions.Sum(a => a.MonthlySaving ?? 0m) : null,
        pricing.Currency?.Code,
        pricing.IsKnown ? null : pricing.UnknownReason ?? "no price book is configured");
}

public sealed record TenantSummary(string Tenant, ReportTotals Totals)
{
    internal static TenantSummary Of(string tenant, IReadOnlyCollection<PlannedAction> actions, PlanPricing pricing) =>
        new(tenant, ReportTotals.Of(actions, pricing));
}

/// <summary>One action of the plan and its <see cref="Status"/>: planned (dry run), done, or already gone.</summary>
public sealed record ReportedAction(
    string Sha256,
    RetentionAction Action,
    StorageTier Tier,
    long Bytes,
    string Rule,
    IReadOnlyList<ArtifactOwner> Owners,
    decimal? MonthlySaving,
    string Status)
{
    internal static ReportedAction Of(PlannedAction action, string status) =>
        new(action.Sha256, action.Action, action.Tier, action.Bytes, action.Rule, action.Owners, action.MonthlySaving, status);
}
