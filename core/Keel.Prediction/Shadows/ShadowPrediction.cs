namespace Keel.Prediction;

/// <summary>The copy of a served prediction that a shadow variant scores: the same features, time and trace.</summary>
public sealed record ShadowRequest(string Tenant, string Model, string PredictionId, string? Entity, FeatureInput Features, DateTimeOffset AsOf, string? TraceParent);

/// <summary>What a shadow variant answered, logged and never returned.</summary>
public sealed record ShadowScore(int Version, double Score, string? Label, double LatencyMs);
