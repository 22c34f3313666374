namespace Keel.Lifecycle;

/// <summary>
/// What retraining a model starts from: its latest version's spec as it was requested (with its
/// search, if it had one) and that version's run as the parent run of the new training — or why the
/// model cannot be retrained.
/// </summary>
public sealed record RetrainingPlan(string Tenant, string Model, int? FromVersion, string? Spec, string? ParentRunId, string? Problem)
{
    public bool IsValid => Problem is null && Spec is not null;
}
