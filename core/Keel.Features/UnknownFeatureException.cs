namespace Keel.Features;

/// <summary>A feature service, view or feature that the tenant's registry does not have.</summary>
public class UnknownFeatureException(string what) : Exception($"Unknown {what}.")
{
    public string What { get; } = what;
}

/// <summary>A record names a dataset for which no feature repository was applied.</summary>
public sealed class UnknownDatasetException(string tenant, string dataset)
    : UnknownFeatureException($"dataset '{dataset}' for tenant '{tenant}': apply its feature repository first ('keel features apply --repo <folder>')")
{
    public string Tenant { get; } = tenant;

    public string Dataset { get; } = dataset;
}
