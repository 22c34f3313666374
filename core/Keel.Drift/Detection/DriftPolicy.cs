namespace Keel.Drift.Detection;

/// <summary>
/// How drift is judged. By default each column gets Evidently's choice of method, which depends on
/// the size of the reference (see <see cref="MethodSelection"/>); <see cref="Columns"/> overrides
/// the method or threshold of named columns and <see cref="Score"/> that of the model's score.
/// </summary>
public sealed record DriftPolicy
{
    /// <summary>References with at most this many non-missing values get statistical tests; larger ones get distances.</summary>
    public int SmallReferenceRows { get; init; } = 1000;

    /// <summary>The dataset drifts when at least this share of its compared columns drift.</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>Reference-quantile bins for PSI on numeric columns (and for chi-squared on numerics with many values).</summary>
    public int QuantileBins { get; init; } = 10;

    public IReadOnlyDictionary<string, ColumnDriftOptions> Columns { get; init; } = new Dictionary<string, ColumnDriftOptions>();

    public ColumnDriftOptions? Score { get; init; }

    public void Validate()
    {
        if (SmallReferenceRows < 0)
        {
            throw new ArgumentException($"small reference rows {SmallReferenceRows} is negative");
        }
        if (!(DatasetDriftShare > 0 && DatasetDriftShare <= 1))
        {
            throw new ArgumentException($"dataset drift share {DatasetDriftShare} is not in (0, 1]");
        }
        if (QuantileBins < 2)
        {
            throw new ArgumentException($"quantile bins {QuantileBins}: at least 2 are needed");
        }
        foreach (var (column, options) in Columns.Append(new("(score)", Score ?? new ColumnDriftOptions())))
        {
            if (options.Threshold is not { } threshold)
            {
                continue;
            }
            if (!double.IsFinite(threshold) || threshold <= 0)
            {
                throw new ArgumentException($"column '{column}': threshold {threshold} is not a positive number");
            }
            if (options.Method is { } method && method.IsTest() && threshold >= 1)
            {
                throw new ArgumentException($"column '{column}': a p-value threshold of {threshold} is not below 1");
            }
        }
    }
}
