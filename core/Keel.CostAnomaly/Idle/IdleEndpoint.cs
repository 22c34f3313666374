namespace Keel.CostAnomaly.Idle;

/// <summary>A deployment that served nothing for the idle period, with what it costs per hour and has cost since it went quiet.</summary>
public sealed record IdleEndpoint(
    string Tenant,
    string Deployment,
    DateTimeOffset IdleSince,
    TimeSpan IdleFor,
    decimal HourlyCost,
    decimal CostWhileIdle);
