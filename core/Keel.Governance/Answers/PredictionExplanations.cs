using Keel.ModelRegistry;
using Microsoft.Extensions.Logging;

namespace Keel.Governance;

/// <summary>
/// A prediction's explanation: the one serving logged when the request asked for it, otherwise computed
/// now from the logged feature values, as of the prediction's time, with the version's explainer. What
/// is computed now is checked against what was served: a score that differs is reported.
/// </summary>
public sealed class PredictionExplanations(VersionExplainers explainers, ILogger<PredictionExplanations> logger)
{
    // ONNX Runtime serves and ML.NET explains; they agree to about 1e-6 (the parity gate), so more is a different model or input.
    private const double ScoreTolerance = 1e-4;

    public ExplanationFacts? Logged(IndexedPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.Explanation is not { } logged)
        {
            return null;
        }
        var contributions = logged.Contributions.Select(c => new ContributionFact(c.Feature, c.Value, c.Contribution)).ToArray();
        // Serving logs no raw score: by construction it is the expected value plus the contributions.
        return new ExplanationFacts(ExplanationSources.Logged, logged.Method, logged.ExpectedValue,
            logged.ExpectedValue + contributions.Sum(c => c.Contribution), null, contributions, null);
    }

    public async Task<ExplanationFacts?> ExplainAsync(IndexedPrediction prediction, ModelVersion version, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(problems);
        if (Logged(prediction) is { } logged)
        {
            return logged;
        }
        try
        {
            var (explainer, types) = await explainers.GetAsync(version, cancellationToken);
            var row = LoggedFeatureValues.Row(prediction.Features, explainer.Features, types);
            var explained = explainer.Explain(row, prediction.Time);
            var served = explained.Probability ?? explained.RawScore;
            if (Math.Abs(served - prediction.Score) > ScoreTolerance * Math.Max(1, Math.Abs(prediction.Score)))
            {
                problems.Add($"Scored again from the logged features, the version gives {served:R}, but {prediction.Score:R} was served: the explanation may not describe the served score.");
            }
            return new ExplanationFacts(ExplanationSources.Computed, explained.Method, explained.ExpectedValue, explained.RawScore, explained.Probability,
                explained.Contributions.Select(c => new ContributionFact(c.Feature, prediction.Features[c.Feature], c.Contribution)).ToArray(),
                explained.AdditivityError);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The rest of the answer stands without the explanation; why it is missing is part of the answer.
            logger.LogWarning(ex, "Could not explain prediction {PredictionId} of {Model} version {Version}", prediction.PredictionId, prediction.Model, prediction.Version);
            problems.Add($"The prediction was not explained when it was made, and cannot be explained now: {ex.Message}");
            return null;
        }
    }
}
