namespace Keel.BatchScoring.Sources;

/// <summary>One row to score: the entity it is about and the model's features by name.</summary>
public sealed record ScoringRow(string Entity, IReadOnlyDictionary<string, object?> Features);
