namespace Keel.Lifecycle;

/// <summary>
/// The champion's outputs on the candidate's holdout rows, or why there are none (no champion, or
/// a champion that cannot score these rows — other features, other types). Stored as an artifact of
/// the candidate's run; the performance gate's non-inferiority check reads it.
/// </summary>
public sealed record ChampionComparison(int? ChampionVersion, string? ChampionOnnxSha256, IReadOnlyList<double>? ChampionScores, string? Reason)
{
    public bool Compared => ChampionScores is not null;
}

/// <summary>What the evaluation step found, small enough to pass between workflow steps.</summary>
public sealed record EvaluationResult(string RunId, string Model, bool ComparedWithChampion, int? ChampionVersion, string? Reason, string ComparisonSha256);
