using Keel.Lifecycle;

namespace Keel.Governance;

/// <summary>Records nothing: what the workflow steps use where governance is not composed (tests, tools).</summary>
public sealed class NoGovernanceRecorder : IGovernanceRecorder
{
    public static NoGovernanceRecorder Instance { get; } = new();

    public Task GatesEvaluatedAsync(string tenant, GateVerdicts verdicts, string actor, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task VersionRegisteredAsync(string tenant, RegistrationResult registration, string actor, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApprovalRequestedAsync(string tenant, ApprovalRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApprovalReviewedAsync(string tenant, string model, int version, string requester, ApprovalReview review, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApprovalTimedOutAsync(string tenant, string model, int version, string actor, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CanaryStartedAsync(string tenant, CanaryStart start, string actor, string? workflowInstanceId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CanaryRolledBackAsync(string tenant, CanaryRollback rollback, string actor, IReadOnlyList<string> reasons, string? workflowInstanceId, CancellationToken cancellationToken) => Task.CompletedTask;
}
