using Keel.Tracking;

namespace Keel.BatchScoring;

/// <summary>
/// How a job ended. A failed or killed job has no output and carries the reason; the tracking
/// run <see cref="RunId"/> records the same.
/// </summary>
/// <param name="Rows">Rows scored and written.</param>
/// <param name="Rejected">Rows left out: records that do not fit the dataset, entities without features.</param>
/// <param name="ComputeCoreSeconds">What the job was charged: its duration times the cores it held.</param>
public sealed record BatchScoringResult(
    string RunId,
    string Job,
    string Tenant,
    string Model,
    int Version,
    RunStatus Status,
    long Rows,
    long Rejected,
    TimeSpan Duration,
    string? OutputPath,
    string? OutputSha256,
    decimal ComputeCoreSeconds,
    string? Error);
