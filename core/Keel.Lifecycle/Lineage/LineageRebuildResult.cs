namespace Keel.Lifecycle;

/// <summary>
/// A version retrained from its lineage: the new run, the metrics the version recorded next to the
/// ones the rebuild measured, whether they (and the ONNX bytes) are identical, and every difference.
/// </summary>
public sealed record LineageRebuildResult(
    string Model,
    int Version,
    string RunId,
    IReadOnlyDictionary<string, double> RecordedMetrics,
    IReadOnlyDictionary<string, double> RebuiltMetrics,
    bool MetricsIdentical,
    bool OnnxIdentical,
    IReadOnlyList<string> Differences);
