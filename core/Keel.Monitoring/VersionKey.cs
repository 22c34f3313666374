namespace Keel.Monitoring;

/// <summary>A model version of a tenant: what live profiles and references are kept per.</summary>
public readonly record struct VersionKey(string Tenant, string Model, int Version)
{
    public override string ToString() => $"{Tenant}/{Model}/{Version}";
}
