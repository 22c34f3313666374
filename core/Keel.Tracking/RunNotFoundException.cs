namespace Keel.Tracking;

/// <summary>
/// No run with this id exists in the tenant. A run of another tenant is reported the same way, so
/// a caller cannot learn that it exists.
/// </summary>
public sealed class RunNotFoundException(string tenant, string runId)
    : Exception($"No run '{runId}' in tenant '{tenant}'.")
{
    public string Tenant { get; } = tenant;

    public string RunId { get; } = runId;
}
