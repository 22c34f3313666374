namespace Keel.ModelCards;

/// <summary>
/// Where a model version came from, as the training run recorded it: enough to rebuild the
/// training set and retrain to the same metrics.
/// </summary>
public sealed record TrainingLineage
{
    /// <summary>The content hash of the training set snapshot.</summary>
    public required string DatasetHash { get; init; }

    public required long Rows { get; init; }

    /// <summary>The earliest event time in the training set; null when the dataset has no event times.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The latest event time in the training set.</summary>
    public DateTimeOffset? To { get; init; }

    public required string FeatureService { get; init; }

    /// <summary>The content-hash version of every feature view the training set joined, by view name.</summary>
    public IReadOnlyDictionary<string, string> ViewVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>The hash of the training spec (algorithm, parameters, gates).</summary>
    public required string SpecHash { get; init; }

    public required long Seed { get; init; }

    public required string CodeVersion { get; init; }

    /// <summary>The run this one was retrained from; null for a first training.</summary>
    public string? ParentRun { get; init; }
}
