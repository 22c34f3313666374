namespace Keel.Explain;

/// <summary>
/// Why a model scored a row as it did: each feature's contribution to the raw score (the margin
/// before calibration, or the prediction of a regression model), with
/// <c>ExpectedValue + Σ Contribution = RawScore</c> up to <see cref="AdditivityError"/>.
/// </summary>
/// <param name="ExpectedValue">The raw score expected over the background rows (the model's "base value").</param>
/// <param name="RawScore">The raw score of the row.</param>
/// <param name="Probability">The calibrated probability of the positive class (binary models); null for regression.</param>
/// <param name="Contributions">One per model feature, in the model's input order.</param>
/// <param name="Method"><see cref="ExplanationMethods.TreeShap"/> or <see cref="ExplanationMethods.KernelShap"/>.</param>
/// <param name="AdditivityError">|ExpectedValue + Σ Contribution − RawScore|, checked on every explanation.</param>
public sealed record Explanation(
    double ExpectedValue,
    double RawScore,
    double? Probability,
    IReadOnlyList<FeatureContribution> Contributions,
    string Method,
    double AdditivityError)
{
    /// <summary>The contribution of one feature by name.</summary>
    public double this[string feature] =>
        Contributions.FirstOrDefault(c => c.Feature == feature)?.Contribution
        ?? throw new KeyNotFoundException($"The explanation has no feature '{feature}'.");
}

/// <summary>A feature's value in the explained row (as given) and its SHAP value, in raw-score units.</summary>
public sealed record FeatureContribution(string Feature, object? Value, double Contribution);

public static class ExplanationMethods
{
    /// <summary>Exact path-dependent TreeSHAP over the model's trees.</summary>
    public const string TreeShap = "tree_shap";

    /// <summary>Model-agnostic KernelSHAP (sampled or, for few features, enumerated coalitions).</summary>
    public const string KernelShap = "kernel_shap";
}
