namespace Keel.Workflows.Api;

/// <summary>
/// <c>POST /api/workflows/training</c>: a training spec (YAML or JSON text). Who asks is the caller's
/// identity (<see cref="RequestedBy"/> may repeat it, never name another); that identity may not approve the version.
/// <see cref="Canary"/> (<c>{"percent": 10, "maxWait": "04:00:00"}</c>) rolls the approved version out as a canary.
/// </summary>
public sealed record StartTrainingRequest(string? Spec, string? RequestedBy = null, TimeSpan? ApprovalTimeout = null, string? Reason = null, string? InstanceId = null, CanaryRequest? Canary = null);

/// <summary><c>POST /api/workflows/retrain</c>: the model to retrain from its latest version's spec.</summary>
public sealed record StartRetrainRequest(string? Model, string? RequestedBy = null, string? Reason = null, TimeSpan? ApprovalTimeout = null, string? InstanceId = null, CanaryRequest? Canary = null);

/// <summary>
/// <c>POST /api/workflows/{id}/approval</c>: approve or reject. The approver is the caller's identity;
/// <see cref="Approver"/> may repeat it, never name another.
/// </summary>
public sealed record ApprovalBody(bool? Approved, string? Approver = null, string? Comment = null);

/// <summary>The answer to a start: the instance to follow and the one that takes the approval.</summary>
public sealed record StartedWorkflow(string InstanceId, string Workflow, string ApprovalInstanceId);
