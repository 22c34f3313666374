namespace Keel.Training;

/// <summary>How a search picks candidates: every combination of listed values, or seeded samples.</summary>
public enum SearchStrategy
{
    Grid,
    Random,
}

/// <summary>
/// The <c>search</c> section of a spec: a hyper-parameter search that trains one candidate per
/// trial on the same split and keeps the best by <see cref="Metric"/>.
/// </summary>
public sealed record SearchSpec
{
    /// <summary>Trials a random search runs when the spec does not say.</summary>
    public const int DefaultRandomTrials = 10;

    public SearchStrategy Strategy { get; init; } = SearchStrategy.Grid;

    /// <summary>Random: the number of trials. Grid: a cap on the combinations tried (all of them when null).</summary>
    public int? Trials { get; init; }

    /// <summary>The holdout metric that ranks trials (see <see cref="TrainingMetrics"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>Hyper-parameter name → the values or range it is searched over.</summary>
    public required IReadOnlyDictionary<string, SearchDimension> Space { get; init; }
}

/// <summary>
/// The values one hyper-parameter takes in a search: a list (grid or random), or a numeric range
/// sampled uniformly — on a log scale when <see cref="Log"/> — by a random search.
/// </summary>
public sealed record SearchDimension
{
    public IReadOnlyList<HyperParameterValue>? Values { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public bool Log { get; init; }

    public static SearchDimension Of(params HyperParameterValue[] values) => new() { Values = values };

    public static SearchDimension Range(double min, double max, bool log = false) => new() { Min = min, Max = max, Log = log };
}
