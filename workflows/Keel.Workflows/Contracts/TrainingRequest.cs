namespace Keel.Workflows;

/// <summary>
/// The input of <see cref="TrainValidateRegisterDeploy"/>: the training spec (YAML or JSON, as a
/// person wrote it) and who asks for it. The requester becomes the version's author and may not
/// approve it.
/// </summary>
/// <param name="Spec">The training spec's text.</param>
/// <param name="RequestedBy">The identity of the person or service asking; never an approver of this version.</param>
public sealed record TrainingRequest(string Spec, string RequestedBy)
{
    /// <summary>The tenant to train for; <c>Keel:Lifecycle:DefaultTenant</c> when null.</summary>
    public string? Tenant { get; init; }

    /// <summary>How long the registered version waits for an approver; <c>Keel:Lifecycle:ApprovalTimeout</c> (24 h) when null.</summary>
    public TimeSpan? ApprovalTimeout { get; init; }

    /// <summary>The run this training retrains (a retraining's previous version's run), recorded in lineage.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>Why the training was asked for (a drift alert, a new quarter's data).</summary>
    public string? Reason { get; init; }

    /// <summary>The retry policy of every step; <see cref="ActivityRetry.Default"/> when null.</summary>
    public ActivityRetry? Retry { get; init; }

    /// <summary>Roll the approved version out as a canary before it takes all traffic; null deploys it directly.</summary>
    public CanaryRequest? Canary { get; init; }
}
