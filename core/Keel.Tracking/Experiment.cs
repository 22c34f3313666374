namespace Keel.Tracking;

/// <summary>A named group of runs within a tenant, e.g. "credit"; tags carry ownership such as team and cost_centre.</summary>
public sealed record Experiment(
    string Id,
    string Tenant,
    string Name,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Tags);
