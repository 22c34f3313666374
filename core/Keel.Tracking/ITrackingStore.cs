using Keel.Storage.Artifacts;

namespace Keel.Tracking;

/// <summary>
/// Experiment tracking after MLflow's model: experiments group runs; a run records params,
/// metrics with their history, tags and artifacts, and may be the child of another run (the
/// trials of a hyper-parameter search). Every call names its tenant and sees only that tenant's
/// records. Bad input fails with an <see cref="ArgumentException"/> that says what is wrong,
/// unknown runs with <see cref="RunNotFoundException"/>, contradictions with
/// <see cref="TrackingConflictException"/>; a failed call stores nothing.
/// </summary>
public interface ITrackingStore
{
    /// <summary>Returns the tenant's experiment of this name, creating it if needed; the given tags are set on it (others are kept).</summary>
    Task<Experiment> GetOrCreateExperimentAsync(string tenant, string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>Every experiment of the tenant, by name.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a run in the named experiment (created if needed). A child run must be started in its
    /// parent's experiment while the parent is running.
    /// </summary>
    Task<Run> StartRunAsync(
        string tenant,
        string experiment,
        string name,
        string? parentRunId,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? tags,
        string actor,
        CancellationToken cancellationToken);

    /// <summary>Params are immutable: a key logged again with the same value is a no-op, with another value a conflict.</summary>
    Task LogParamsAsync(string tenant, string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);

    /// <summary>Appends one value per metric at <paramref name="step"/> (0 when null, as in MLflow); a run that has ended takes no more metrics.</summary>
    Task LogMetricsAsync(string tenant, string runId, IReadOnlyDictionary<string, double> metrics, long? step, CancellationToken cancellationToken);

    /// <summary>Sets tags, replacing the values of keys already set; allowed after the run ended, since tags annotate.</summary>
    Task SetTagsAsync(string tenant, string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the run produced an artifact under this name. Put the content into an
    /// <see cref="IArtifactStore"/> first; the name is then bound to that address for good.
    /// </summary>
    Task LogArtifactAsync(string tenant, string runId, string name, ArtifactRef artifact, CancellationToken cancellationToken);

    /// <summary>Ends a running run as Finished, Failed or Killed (the latter two with an optional error); a run ends once.</summary>
    Task<Run> EndRunAsync(string tenant, string runId, RunStatus status, string? error, CancellationToken cancellationToken);

    Task<Run> GetRunAsync(string tenant, string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Run>> ListRunsAsync(string tenant, RunQuery query, CancellationToken cancellationToken);

    /// <summary>Every child run of a run, oldest first.</summary>
    Task<IReadOnlyList<Run>> ChildrenAsync(string tenant, string parentRunId, CancellationToken cancellationToken);

    /// <summary>Every logged value of one metric of a run, by step and then in the order logged.</summary>
    Task<IReadOnlyList<MetricPoint>> MetricHistoryAsync(string tenant, string runId, string key, CancellationToken cancellationToken);
}
