namespace Keel.Tracking;

/// <summary>No experiment with this name exists in the tenant.</summary>
public sealed class ExperimentNotFoundException(string tenant, string name)
    : Exception($"No experiment '{name}' in tenant '{tenant}'.")
{
    public string Tenant { get; } = tenant;

    public string Name { get; } = name;
}
