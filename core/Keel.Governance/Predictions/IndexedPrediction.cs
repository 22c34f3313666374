using System.Text.Json;

namespace Keel.Governance;

/// <summary>
/// One prediction as serving logged it (<c>dev.keel.prediction.logged.v1</c>), kept to be answered for
/// by id. Feature values and the label stay the JSON values the event carried, exactly as logged.
/// </summary>
/// <param name="Time">When the prediction was made: the time its timestamp features were aged to.</param>
public sealed record IndexedPrediction(
    string Tenant,
    string PredictionId,
    string Model,
    int Version,
    string Variant,
    string? Entity,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, JsonElement> Features,
    IReadOnlyDictionary<string, string> FeatureViews,
    double Score,
    JsonElement? Label,
    LoggedExplanation? Explanation,
    bool Shadow,
    string? TraceParent);

/// <summary>The explanation serving computed when the request asked for one.</summary>
public sealed record LoggedExplanation(double ExpectedValue, IReadOnlyList<LoggedContribution> Contributions, string Method);

public sealed record LoggedContribution(string Feature, JsonElement Value, double Contribution);
