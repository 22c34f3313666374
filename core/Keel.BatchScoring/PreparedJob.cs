using Keel.BatchScoring.Sources;
using Keel.Prediction;
using Keel.Tracking;

namespace Keel.BatchScoring;

/// <summary>A job checked and recorded as a running run, ready to score: what <see cref="BatchScorer.ExecuteAsync"/> takes.</summary>
public sealed record PreparedJob(
    BatchJob Job,
    BatchTrigger Trigger,
    Run Run,
    int Version,
    ModelProfile Profile,
    IScoringSource Source,
    int BatchSize,
    string OutputPath,
    DateTimeOffset ScoredAt);
