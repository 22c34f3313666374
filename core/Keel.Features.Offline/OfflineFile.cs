using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// One committed Parquet file of the manifest: which tenant and view it holds rows of, where it
/// lies (relative to the store's root, '/'-separated), its event date partition, how many rows
/// and which event-time range (microseconds since the epoch, UTC) it covers, and its feature columns.
/// </summary>
internal sealed record OfflineFile(
    string Tenant,
    string View,
    string Path,
    DateOnly EventDate,
    long Rows,
    long MinMicros,
    long MaxMicros,
    string ViewVersion,
    IReadOnlyList<OfflineColumn> Columns);

/// <summary>A feature column of a Parquet file, as the view version that wrote it declared it.</summary>
internal sealed record OfflineColumn(string Name, FeatureType Type);
