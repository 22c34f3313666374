namespace Keel.Audit;

/// <summary>The actions the platform records, so that readers can filter on stable names.</summary>
public static class AuditActions
{
    public const string ModelRegistered = "model.registered";
    public const string ModelStageChanged = "model.stage_changed";
    public const string ModelArchived = "model.archived";
    public const string GateEvaluated = "gate.evaluated";
    public const string ApprovalGranted = "approval.granted";
    public const string ApprovalRejected = "approval.rejected";
    public const string DeploymentStarted = "deployment.started";
    public const string DeploymentPromoted = "deployment.promoted";
    public const string DeploymentRolledBack = "deployment.rolled_back";
    public const string PolicyChanged = "policy.changed";
    public const string RoleChanged = "role.changed";
    public const string AccessDenied = "access.denied";
}
