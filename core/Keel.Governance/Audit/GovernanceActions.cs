namespace Keel.Governance;

/// <summary>
/// Audit actions the platform records beyond those <see cref="Keel.Audit.AuditActions"/> names, with the
/// same <c>area.verb</c> shape so that readers filter on stable names.
/// </summary>
public static class GovernanceActions
{
    public const string ModelCreated = "model.created";
    public const string ModelArtifactAttached = "model.artifact_attached";
    public const string ModelAliasSet = "model.alias_set";
    public const string ModelAliasRemoved = "model.alias_removed";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalTimedOut = "approval.timed_out";
    public const string DeploymentPlanSet = "deployment.plan_set";
    public const string DeploymentPlanRemoved = "deployment.plan_removed";
    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
}
