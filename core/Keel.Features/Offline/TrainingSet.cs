namespace Keel.Features.Offline;

/// <summary>
/// A point-in-time correct training set of a feature service: one row per label row, the label
/// column, and every feature of the service by its plain name — the names serving uses too.
/// </summary>
public sealed record TrainingSet(
    string Service,
    string LabelView,
    string? LabelColumn,
    IReadOnlyDictionary<string, string> ViewVersions,
    FeatureFrame Frame)
{
    public int Rows => Frame.RowCount;

    public DateTimeOffset? From => Frame.RowCount == 0 ? null : Frame.Timestamps.Min();

    public DateTimeOffset? To => Frame.RowCount == 0 ? null : Frame.Timestamps.Max();
}
