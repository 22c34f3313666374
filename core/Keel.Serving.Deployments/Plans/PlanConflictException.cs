namespace Keel.Serving.Deployments;

/// <summary>An update named the revision it was based on, and the stored plan has moved on since.</summary>
public sealed class PlanConflictException(string tenant, string model, long expected, long actual)
    : InvalidOperationException($"Deployment plan for model '{model}' is at revision {actual}, not {expected}; reload it and apply the change again.")
{
    public string Tenant { get; } = tenant;
    public string Model { get; } = model;
    public long ExpectedRevision { get; } = expected;
    public long ActualRevision { get; } = actual;
}
