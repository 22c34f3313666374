using Keel.Decay.Metrics;

namespace Keel.Decay.Tests;

/// <summary>
/// Predictions from a calibrated model: each score is the probability its label is positive.
/// A holdout drawn the same way gives the metrics "registered" with the version.
/// </summary>
public static class Streams
{
    public static LabelledScore[] Calibrated(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var score = random.NextDouble();
            return new LabelledScore(score, random.NextDouble() < score);
        }).ToArray();
    }

    /// <summary>The same stream with three labels in every ten flipped.</summary>
    public static LabelledScore[] Flipped(LabelledScore[] stream) =>
        stream.Select((s, i) => i % 10 < 3 ? s with { Positive = !s.Positive } : s).ToArray();

    public static Dictionary<string, double> Holdout(int seed = 1) =>
        new(LiveMetrics.Compute(Calibrated(5000, seed)).ByName(), StringComparer.Ordinal);
}
