namespace Keel.Features.Online;

/// <summary>
/// The latest values per entity and feature view, for serving. Writes are last-writer-wins by
/// event time (ties broken by event id), so replaying an event or writing an older one never
/// moves a value backwards; that makes materialization idempotent.
/// </summary>
public interface IOnlineStore
{
    /// <summary>Writes rows of one view; <paramref name="featureNames"/> name the values of every row in order.</summary>
    Task WriteAsync(string tenant, string view, string viewVersion, IReadOnlyList<string> featureNames, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken);

    /// <summary>Reads the latest record of each entity key, in the order given; null where the store has none.</summary>
    Task<IReadOnlyList<OnlineRecord?>> ReadAsync(string tenant, string view, IReadOnlyList<string> entityKeys, CancellationToken cancellationToken);

    /// <summary>How many entities the view holds for the tenant.</summary>
    Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken);
}

/// <summary>An entity's latest values in a view, with the event that produced them.</summary>
public sealed record OnlineRecord(
    string EntityKey,
    string ViewVersion,
    DateTimeOffset EventTime,
    string EventId,
    IReadOnlyDictionary<string, object?> Values);
