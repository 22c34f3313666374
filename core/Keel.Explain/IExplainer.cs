namespace Keel.Explain;

/// <summary>
/// Explains one loaded model version. Implementations are thread-safe: serving holds one per
/// loaded version and explains concurrent requests with it.
/// </summary>
public interface IExplainer
{
    /// <summary><see cref="ExplanationMethods.TreeShap"/> or <see cref="ExplanationMethods.KernelShap"/>.</summary>
    string Method { get; }

    /// <summary>The model's features, in input order: the features every explanation has a contribution for.</summary>
    IReadOnlyList<string> Features { get; }

    /// <summary>The raw score expected over the background rows.</summary>
    double ExpectedValue { get; }

    /// <summary>Explains one row of feature name → value (null for missing); <paramref name="asOf"/> is needed when a feature is a timestamp.</summary>
    Explanation Explain(IReadOnlyDictionary<string, object?> row, DateTimeOffset? asOf = null);

    /// <summary>Explains many rows at once, which is much cheaper per row than one at a time.</summary>
    IReadOnlyList<Explanation> ExplainBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf = null);
}
