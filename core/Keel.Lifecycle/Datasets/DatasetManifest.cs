namespace Keel.Lifecycle;

/// <summary>
/// What a dataset snapshot is, stored next to it as JSON: the Parquet file's address and size, the
/// feature service and label view it was built from with the version of every view read, and its
/// rows and event-time range — what lineage records and what a rebuild needs to load it again.
/// </summary>
public sealed record DatasetManifest(
    string DatasetSha256,
    long SizeBytes,
    string FeatureService,
    string LabelView,
    string? LabelColumn,
    IReadOnlyDictionary<string, string> ViewVersions,
    int Rows,
    DateTimeOffset? From,
    DateTimeOffset? To);

/// <summary>A stored snapshot: the address of its manifest, and the manifest.</summary>
public sealed record CapturedDataset(string ManifestSha256, DatasetManifest Manifest);
