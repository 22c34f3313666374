namespace Keel.Features.Materialization;

/// <summary>How far scheduled batch materialization has loaded each view into the online store.</summary>
public interface IMaterializationWatermarks
{
    Task<DateTimeOffset?> GetAsync(string tenant, string view, CancellationToken cancellationToken);

    Task SetAsync(string tenant, string view, DateTimeOffset loadedUntil, CancellationToken cancellationToken);
}
