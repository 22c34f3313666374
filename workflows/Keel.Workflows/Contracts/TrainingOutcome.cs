using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// The output of <see cref="TrainValidateRegisterDeploy"/> and <see cref="Retrain"/>: how it ended and
/// why, in a sentence, with the model, the version and the run it concerns, the failed gates, who decided,
/// the holdout metrics and whether a failure was compensated.
/// </summary>
public sealed record TrainingOutcome(TrainingStatus Status, string Summary)
{
    public string? Tenant { get; init; }

    public string? Model { get; init; }

    public int? Version { get; init; }

    public string? RunId { get; init; }

    public IReadOnlyList<GateFinding> FailedGates { get; init; } = [];

    /// <summary>The approver who approved or rejected the version.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Approvals that did not count, each with its reason.</summary>
    public IReadOnlyList<string> RefusedApprovals { get; init; } = [];

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The champion before this version was promoted, when it was.</summary>
    public int? PreviousChampion { get; init; }

    /// <summary>Why a canary was promoted or rolled back, as canary analysis (or the deadline) said.</summary>
    public IReadOnlyList<string> CanaryReasons { get; init; } = [];

    /// <summary>Whether a failure after registration was undone by compensation.</summary>
    public bool Compensated { get; init; }
}
