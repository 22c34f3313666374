using Keel.Lifecycle;

namespace Keel.Governance;

/// <summary>
/// What the model life cycle's workflow steps record in the audit log once each step has done its work:
/// gate results, approval requests and decisions (refusals under the separation of duties included),
/// canary starts and rollbacks. Steps are retried, so recording the same outcome again adds nothing.
/// A recording that fails throws, and the step is retried: a step is not done until it is audited.
/// </summary>
public interface IGovernanceRecorder
{
    /// <summary>
    /// The gates' verdicts on a run's candidate. A failed report is recorded against the run, since no
    /// version will ever exist; a passed one is recorded against the version it lets in, on registration.
    /// </summary>
    Task GatesEvaluatedAsync(string tenant, GateVerdicts verdicts, string actor, CancellationToken cancellationToken);

    /// <summary>A registered version: the gate report it was admitted with, recorded against the version.</summary>
    Task VersionRegisteredAsync(string tenant, RegistrationResult registration, string actor, CancellationToken cancellationToken);

    Task ApprovalRequestedAsync(string tenant, ApprovalRequest request, CancellationToken cancellationToken);

    /// <summary>A decision: granted or rejected by the approver, or refused under the separation of duties.</summary>
    Task ApprovalReviewedAsync(string tenant, string model, int version, string requester, ApprovalReview review, CancellationToken cancellationToken);

    Task ApprovalTimedOutAsync(string tenant, string model, int version, string actor, CancellationToken cancellationToken);

    /// <summary>A canary that went live beside the stable version; one that did not start (no stable version) is not recorded.</summary>
    Task CanaryStartedAsync(string tenant, CanaryStart start, string actor, string? workflowInstanceId, CancellationToken cancellationToken);

    Task CanaryRolledBackAsync(string tenant, CanaryRollback rollback, string actor, IReadOnlyList<string> reasons, string? workflowInstanceId, CancellationToken cancellationToken);
}
