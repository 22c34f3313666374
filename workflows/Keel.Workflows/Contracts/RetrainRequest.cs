namespace Keel.Workflows;

/// <summary>The input of <see cref="Retrain"/>: the model to retrain from its latest version's spec, who asks and why.</summary>
public sealed record RetrainRequest(string Model, string RequestedBy)
{
    public string? Tenant { get; init; }

    public string? Reason { get; init; }

    public TimeSpan? ApprovalTimeout { get; init; }

    public ActivityRetry? Retry { get; init; }

    /// <summary>Roll the retrained version out as a canary (see <see cref="TrainingRequest.Canary"/>).</summary>
    public CanaryRequest? Canary { get; init; }
}
