namespace Keel.Features.Online;

/// <summary>
/// An online store that can say how many bytes a tenant's view holds, for storage metering, where
/// its files cannot be measured from outside (a Redis server, unlike the embedded store's file).
/// </summary>
public interface IMeasurableOnlineStore
{
    Task<OnlineViewFootprint> MeasureAsync(string tenant, string view, CancellationToken cancellationToken);
}

/// <summary>
/// The bytes a view holds in the store for one tenant and how many entities; <see cref="Estimated"/>
/// when they were extrapolated from a sample of the entities rather than measured for each.
/// </summary>
public sealed record OnlineViewFootprint(string Tenant, string View, long Entities, long Bytes, bool Estimated);
