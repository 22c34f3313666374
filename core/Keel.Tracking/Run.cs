using Keel.Storage.Artifacts;

namespace Keel.Tracking;

/// <summary>
/// One execution of training or evaluation code: what went in (params), what came out (metrics,
/// artifacts), labels (tags: team, cost_centre, model, spec_hash, …), who started it and how it ended.
/// </summary>
/// <param name="Metrics">The latest value of each metric (highest step; of equal steps, the one logged last). See <see cref="ITrackingStore.MetricHistoryAsync"/> for every value.</param>
/// <param name="Error">Why a failed or killed run ended; null otherwise.</param>
public sealed record Run(
    string Id,
    string Tenant,
    string ExperimentId,
    string Name,
    string? ParentRunId,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string CreatedBy,
    string? Error,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, ArtifactRef> Artifacts)
{
    /// <summary>How long the run took; null while it is running.</summary>
    public TimeSpan? Duration => EndTime - StartTime;
}
