using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// The history of every feature view, append-only, for training and batch materialization.
/// Appends are idempotent by event id: a row whose event was stored before is skipped.
/// </summary>
public interface IOfflineStore
{
    /// <summary>Appends rows of one view version and returns how many were new.</summary>
    Task<int> AppendAsync(string tenant, FeatureViewDefinition view, string viewVersion, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken);

    /// <summary>How many rows the view holds for the tenant.</summary>
    Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken);

    /// <summary>The latest row per entity among rows with event time in [from, to), for loading the online store.</summary>
    Task<IReadOnlyList<FeatureRow>> LatestPerEntityAsync(string tenant, FeatureViewDefinition view, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Point-in-time correct features for every row of the entity frame: for each view, the
    /// latest row of the same entity with event time at or before the frame row's timestamp,
    /// or nulls when there is none or it is older than the view's TTL.
    /// </summary>
    Task<FeatureFrame> GetHistoricalFeaturesAsync(string tenant, EntityFrame frame, IReadOnlyList<ViewSelection> views, CancellationToken cancellationToken);

    /// <summary>
    /// A training set: every row of <paramref name="labelView"/> is a frame row (entity, event
    /// time, its features as columns) joined point in time with <paramref name="views"/>.
    /// </summary>
    Task<FeatureFrame> GetTrainingSetAsync(string tenant, ViewSelection labelView, IReadOnlyList<ViewSelection> views, CancellationToken cancellationToken);
}

/// <summary>A view (at its current definition) and the features wanted from it.</summary>
public sealed record ViewSelection(FeatureViewDefinition View, string Version, IReadOnlyList<string> Features);
