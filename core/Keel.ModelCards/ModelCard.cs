using System.Text.Json;
using Keel.Gates;
using Keel.Gates.Bias;

namespace Keel.ModelCards;

/// <summary>
/// The documentation of one model version: purpose, owner, intended use, training data lineage,
/// features, metrics, fairness results, gate outcomes and limitations, with its registry stage
/// and who created and approved it. Built by <see cref="ModelCardBuilder"/>; stored as JSON and HTML.
/// </summary>
public sealed record ModelCard
{
    public required string ModelName { get; init; }

    public required string Version { get; init; }

    public required string Stage { get; init; }

    public required string Purpose { get; init; }

    public required string Owner { get; init; }

    public required string IntendedUse { get; init; }

    /// <summary>The owner's stated limitations, followed by those the gate report shows (groups too small to judge, gates skipped).</summary>
    public required IReadOnlyList<string> Limitations { get; init; }

    public required TrainingLineage Lineage { get; init; }

    public required IReadOnlyList<CardFeature> Features { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The champion's metrics on the same holdout when this version was evaluated; null when there was none.</summary>
    public IReadOnlyDictionary<string, double>? ChampionMetrics { get; init; }

    /// <summary>Per protected attribute, from the bias gate.</summary>
    public required IReadOnlyList<AttributeFairness> Fairness { get; init; }

    /// <summary>The bias gate's one-line finding, or why fairness was not assessed.</summary>
    public required string FairnessSummary { get; init; }

    public required IReadOnlyList<GateOutcome> Gates { get; init; }

    public required GateVerdict GateVerdict { get; init; }

    public required DateTimeOffset GatesEvaluatedAt { get; init; }

    /// <summary>The SHA-256 of the stored gate report, when it is known.</summary>
    public string? GateReportSha256 { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, GateJson.Options);

    public static ModelCard FromJson(string json) =>
        JsonSerializer.Deserialize<ModelCard>(json, GateJson.Options) ?? throw new JsonException("a model card was expected, got null");
}
