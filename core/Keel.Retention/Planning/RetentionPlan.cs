namespace Keel.Retention.Planning;

/// <summary>
/// What a policy does at one moment: every copy it deletes or moves, what it leaves alone and why,
/// and the tenants it acted for and read. Computed once; applying it executes exactly these actions.
/// <see cref="Warnings"/> say what could not be read; a plan whose reading was incomplete deletes nothing.
/// A <see cref="Forecast"/> is planned for a later <see cref="PlannedAt"/> and is never applied.
/// </summary>
public sealed record RetentionPlan(
    DateTimeOffset PlannedAt,
    IReadOnlyList<string> ActingTenants,
    IReadOnlyList<string> ScannedTenants,
    IReadOnlyList<PlannedAction> Actions,
    IReadOnlyList<KeptArtifact> Kept,
    IReadOnlyList<string> Warnings,
    PlanPricing Pricing,
    bool Forecast = false)
{
    public long BytesDeleted => Actions.Where(a => a.Action == RetentionAction.Delete).Sum(a => a.Bytes);

    public long BytesMoved => Actions.Where(a => a.Action == RetentionAction.MoveToCold).Sum(a => a.Bytes);

    /// <summary>The storage cost the plan saves each month; null when it is unknown.</summary>
    public decimal? MonthlySaving => Pricing.IsKnown ? Actions.Sum(a => a.MonthlySaving ?? 0m) : null;
}
