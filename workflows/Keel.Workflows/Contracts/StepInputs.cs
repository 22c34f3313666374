using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Train the request's spec on the captured snapshot, for the requester, tagged with the workflow instance.</summary>
public sealed record TrainInput(string Tenant, string Spec, string DatasetManifestSha256, string RequestedBy, string WorkflowInstanceId);

/// <summary>A step on a training run (evaluate, gates).</summary>
public sealed record RunInput(string Tenant, string RunId);

/// <summary>End a training run that a later step could not finish.</summary>
public sealed record FailRunInput(string Tenant, string RunId, string Reason);

/// <summary>Ask for the approval of a registered version on behalf of its requester.</summary>
public sealed record ApprovalRequestInput(string Tenant, string Model, int Version, string RequestedBy, TimeSpan? Timeout);

/// <summary>Take an approver's decision on a version.</summary>
public sealed record ApprovalReviewInput(string Tenant, string Model, int Version, string RequestedBy, ApprovalDecision Decision);

/// <summary>A change of a version's stage or alias, by whom and why.</summary>
public sealed record VersionChange(string Tenant, string Model, int Version, string Actor, string Reason);

/// <summary>Archive a rejected version, or one nobody approved in time.</summary>
public sealed record RejectInput(string Tenant, string Model, int Version, string Actor, string Reason, bool TimedOut);

/// <summary>Put an approved version live as a canary beside the version in Production.</summary>
public sealed record CanaryInput(string Tenant, string Model, int Version, double Percent, string Actor, string Reason, string WorkflowInstanceId);

/// <summary>Take a canary out of serving and archive it, for the reasons given.</summary>
public sealed record CanaryRollbackInput(string Tenant, string Model, int Version, int StableVersion, string Actor, IReadOnlyList<string> Reasons, string WorkflowInstanceId);

/// <summary>Undo what a failed run registered and deployed.</summary>
public sealed record CompensateInput(string Tenant, string Model, string RunId, int? Version, string Actor, string Reason);
