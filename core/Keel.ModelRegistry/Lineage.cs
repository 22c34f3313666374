namespace Keel.ModelRegistry;

/// <summary>
/// How a version was built: the training data (snapshot hash, row count, event-time range,
/// feature service and the version of each feature view), the training specification and seed,
/// the code version and the run that trained it. Retraining from the lineage reproduces the
/// model, so it is recorded with the version and never changes.
/// </summary>
public sealed record Lineage
{
    /// <summary>SHA-256 of the training data snapshot.</summary>
    public required string DatasetSnapshotHash { get; init; }

    public long RowCount { get; init; }

    /// <summary>Earliest event time of the training rows, when the data has one.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest event time of the training rows, when the data has one.</summary>
    public DateTimeOffset? To { get; init; }

    public string? FeatureService { get; init; }

    /// <summary>Feature view name → the content-hash version that was read.</summary>
    public IReadOnlyDictionary<string, string> FeatureViews { get; init; } = new Dictionary<string, string>();

    /// <summary>Hash of the training specification (trainer, hyper-parameters, splits).</summary>
    public required string TrainingSpecHash { get; init; }

    public int Seed { get; init; }

    public required string CodeVersion { get; init; }

    public string? ParentRunId { get; init; }

    /// <summary>The label column the model was trained to predict.</summary>
    public string? Label { get; init; }

    // Records compare dictionaries by reference; lineage is compared by content, so that a
    // lineage read back from the store equals the one that was registered.
    public bool Equals(Lineage? other) =>
        other is not null
        && DatasetSnapshotHash == other.DatasetSnapshotHash
        && RowCount == other.RowCount
        && From == other.From
        && To == other.To
        && FeatureService == other.FeatureService
        && TrainingSpecHash == other.TrainingSpecHash
        && Seed == other.Seed
        && CodeVersion == other.CodeVersion
        && ParentRunId == other.ParentRunId
        && Label == other.Label
        && FeatureViews.Count == other.FeatureViews.Count
        && FeatureViews.All(p => other.FeatureViews.TryGetValue(p.Key, out var version) && version == p.Value);

    public override int GetHashCode() => HashCode.Combine(DatasetSnapshotHash, RowCount, TrainingSpecHash, Seed, CodeVersion, FeatureViews.Count);
}
