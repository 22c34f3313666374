namespace Keel.CostAnomaly.Idle;

/// <summary>Reports deployments that have had no traffic for the idle period.</summary>
public sealed class IdleEndpointDetector(IdleOptions options, TimeProvider clock)
{
    public IReadOnlyList<IdleEndpoint> Find(IEnumerable<DeploymentActivity> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var now = clock.GetUtcNow();
        var idle = new List<IdleEndpoint>();
        foreach (var deployment in deployments)
        {
            var since = deployment.LastTrafficAt ?? deployment.DeployedAt;
            var idleFor = now - since;
            if (idleFor < options.Period)
            {
                continue;
            }
            var cost = Math.Round(deployment.HourlyCost * (decimal)idleFor.TotalHours, 4);
            idle.Add(new IdleEndpoint(deployment.Tenant, deployment.Deployment, since, idleFor, deployment.HourlyCost, cost));
        }
        // Costliest first: the list is read as "what to switch off".
        return idle.OrderByDescending(i => i.HourlyCost).ThenBy(i => i.Deployment, StringComparer.Ordinal).ToList();
    }
}
