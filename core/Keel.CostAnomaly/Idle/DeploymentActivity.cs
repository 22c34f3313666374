namespace Keel.CostAnomaly.Idle;

/// <summary>A model deployment as idle detection sees it: when it last served and what it costs to keep up.</summary>
/// <param name="Deployment">The deployment's name, e.g. model and version.</param>
/// <param name="LastTrafficAt">The last request it served; null when it never served one, and then idle counts from <paramref name="DeployedAt"/>.</param>
public sealed record DeploymentActivity(
    string Tenant,
    string Deployment,
    DateTimeOffset DeployedAt,
    DateTimeOffset? LastTrafficAt,
    decimal HourlyCost);
