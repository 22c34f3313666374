using System.Text.Json;
using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>
/// Everything governance can say about one prediction: what was predicted, by which version, how that
/// version was built (its training data hash and lineage), what its gates found, who asked for it and
/// who approved it, why the prediction came out as it did, and the version's audit trail.
/// <see cref="Problems"/> names what could not be established, rather than leaving it silently out.
/// </summary>
public sealed record GovernanceAnswer(
    string Tenant,
    string PredictionId,
    PredictionFacts Prediction,
    VersionFacts? Version,
    GateFacts? Gates,
    ApprovalFacts? Approval,
    ExplanationFacts? Explanation,
    IReadOnlyList<AuditFact> Audit,
    IReadOnlyList<string> Problems,
    DateTimeOffset AnsweredAt);

/// <summary>The prediction as serving logged it.</summary>
public sealed record PredictionFacts(
    string Model,
    int Version,
    string Variant,
    string? Entity,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, JsonElement> Features,
    IReadOnlyDictionary<string, string> FeatureViews,
    double Score,
    JsonElement? Label,
    bool Shadow,
    string? TraceParent);

/// <summary>The version that made the prediction, as registered; <see cref="TrainingDataHash"/> is its lineage's dataset snapshot hash.</summary>
public sealed record VersionFacts(
    string Stage,
    string OnnxSha256,
    string? RunId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string TrainingDataHash,
    Lineage Lineage);

/// <summary>The verdicts of the gate report the version was registered with.</summary>
public sealed record GateFacts(string ReportSha256, string Verdict, DateTimeOffset EvaluatedAt, IReadOnlyList<GateFact> Gates);

public sealed record GateFact(string Gate, string Verdict, string Summary);

/// <summary>
/// Who asked for the version and who approved it, and who put it in Production. <see cref="Sources"/>
/// says where each answer was read (the audit log, the training run's approval record, the registry).
/// </summary>
public sealed record ApprovalFacts(
    string Status,
    string? RequestedBy,
    DateTimeOffset? RequestedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? Comment,
    string? DeployedBy,
    DateTimeOffset? DeployedAt,
    IReadOnlyList<string> Refused,
    IReadOnlyList<string> Sources);

/// <summary>
/// Each feature's contribution to the raw score, from <see cref="ExpectedValue"/>:
/// <c>ExpectedValue + Σ Contribution = RawScore</c>. <see cref="Source"/> says whether it was computed
/// when the prediction was made (<see cref="ExplanationSources.Logged"/>) or now, from the logged feature
/// values with the version's own explainer (<see cref="ExplanationSources.Computed"/>).
/// </summary>
public sealed record ExplanationFacts(
    string Source,
    string Method,
    double ExpectedValue,
    double RawScore,
    double? Probability,
    IReadOnlyList<ContributionFact> Contributions,
    double? AdditivityError);

public sealed record ContributionFact(string Feature, JsonElement Value, double Contribution);

public static class ExplanationSources
{
    public const string Logged = "logged";
    public const string Computed = "computed";
}

/// <summary>One entry of the version's audit trail, its details as recorded.</summary>
public sealed record AuditFact(long Sequence, DateTimeOffset Time, string Actor, string Action, JsonElement Details);
