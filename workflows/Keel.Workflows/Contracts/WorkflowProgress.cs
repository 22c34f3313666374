namespace Keel.Workflows;

/// <summary>
/// A workflow's custom status: the step it is at (<see cref="TrainingSteps"/>) and what is known so far,
/// so <c>keel workflows show</c> and the Dapr API tell a person what an instance is doing — in
/// particular which version waits for approval, until when, and which approvals were refused.
/// </summary>
public sealed record WorkflowProgress(string Step)
{
    public string? Model { get; init; }

    public int? Version { get; init; }

    public string? RunId { get; init; }

    /// <summary>While waiting for approval: when the version is archived unless someone approves it.</summary>
    public DateTime? ApprovalDeadline { get; init; }

    public IReadOnlyList<string> RefusedApprovals { get; init; } = [];

    /// <summary>While a canary serves: when it is rolled back unless canary analysis recommends promoting it first.</summary>
    public DateTime? CanaryDeadline { get; init; }

    /// <summary>A further word on the step: the failure being compensated, the child instance a retraining waits for.</summary>
    public string? Detail { get; init; }
}
