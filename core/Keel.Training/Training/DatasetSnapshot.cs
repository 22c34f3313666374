namespace Keel.Training;

/// <summary>
/// The training data a model was built from, for lineage: the feature service and view versions,
/// its size and time range, and the hash of the dataset file when the caller computed one.
/// </summary>
public sealed record DatasetSnapshot(
    string Service,
    string LabelView,
    IReadOnlyDictionary<string, string> ViewVersions,
    int Rows,
    int RowsWithoutLabel,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? DatasetHash);
