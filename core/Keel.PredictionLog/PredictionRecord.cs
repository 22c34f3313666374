namespace Keel.PredictionLog;

/// <summary>
/// One prediction as serving made it, to be logged as a <c>dev.keel.prediction.logged.v1</c> event.
/// <see cref="PredictionId"/> becomes the event id, so a resent event is recognisable by id.
/// Feature values are what the model was given: strings, numbers, booleans, timestamps or null.
/// </summary>
public sealed record PredictionRecord(
    string PredictionId,
    string Tenant,
    string Model,
    int Version,
    string Variant,
    string? Entity,
    IReadOnlyDictionary<string, object?> Features,
    IReadOnlyDictionary<string, string> FeatureViews,
    PredictionOutput Output,
    double LatencyMs)
{
    /// <summary>The feature attributions, when the request asked for them.</summary>
    public PredictionExplanation? Explanation { get; init; }

    /// <summary>Scored by a shadow (challenger) deployment whose answer the caller did not receive.</summary>
    public bool Shadow { get; init; }

    /// <summary>The request's W3C trace context; taken from the current activity when the record is logged if left null.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When the prediction was made; the logger's clock at logging time if left default.</summary>
    public DateTimeOffset Time { get; init; }
}

/// <summary>What the model answered: a score (probability or regression value) and, for classifiers, the label.</summary>
public sealed record PredictionOutput(double Score, object? Label = null);

/// <summary>An additive explanation: the model's expected value plus one contribution per feature.</summary>
public sealed record PredictionExplanation(double ExpectedValue, IReadOnlyList<FeatureContribution> Contributions, string Method);

public sealed record FeatureContribution(string Feature, object? Value, double Contribution);
