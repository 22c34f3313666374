using Keel.Training;

namespace Keel.Explain;

/// <summary>Builds explanations from per-input contributions and checks, on every one, that they add up to the score.</summary>
internal static class Additivity
{
    public static Explanation Build(IReadOnlyList<InputColumn> inputs, IReadOnlyDictionary<string, object?> row, ReadOnlySpan<double> phi,
        double expected, double raw, double? probability, string method, double tolerance)
    {
        var contributions = new FeatureContribution[inputs.Count];
        var sum = expected;
        for (var i = 0; i < inputs.Count; i++)
        {
            var name = inputs[i].Name;
            contributions[i] = new FeatureContribution(name, row.TryGetValue(name, out var value) ? value : null, phi[i]);
            sum += phi[i];
        }
        var error = Math.Abs(sum - raw);
        if (!(error <= tolerance * Math.Max(1, Math.Abs(raw))))
        {
            throw new AdditivityException(
                $"{method}: expected value {expected} plus contributions {sum - expected} is {sum}, but the raw score is {raw} (error {error}, tolerance {tolerance}).");
        }
        return new Explanation(expected, raw, probability, contributions, method, error);
    }
}
