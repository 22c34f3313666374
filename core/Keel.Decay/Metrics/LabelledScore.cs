namespace Keel.Decay.Metrics;

/// <summary>One labelled prediction as the metrics see it: the score (the positive class's probability) and whether the label was the positive class.</summary>
public readonly record struct LabelledScore(double Score, bool Positive);
