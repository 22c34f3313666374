using Keel.Storage.Artifacts;

namespace Keel.Tracking;

/// <summary>
/// Records one run and makes sure it ends. Success must be stated: a run ends as Finished only
/// through <see cref="CompleteAsync"/>; disposed without it, it ends as Failed (or Killed after a
/// cancellation) with the message of the exception noted by <see cref="Fail"/>. So an exception
/// that escapes the code, or a forgotten call, can never leave a run marked Finished.
/// <code>
/// await using var run = await RunRecorder.StartAsync(store, tenant, "credit", "lgbm", null, parameters, tags, actor, ct);
/// try
/// {
///     await run.LogMetricsAsync(new Dictionary&lt;string, double&gt; { ["auc"] = auc }, null, ct);
///     await run.CompleteAsync(ct);
/// }
/// catch (Exception e)
/// {
///     run.Fail(e);
///     throw;
/// }
/// </code>
/// </summary>
public sealed class RunRecorder : IAsyncDisposable
{
    private readonly ITrackingStore _store;
    private readonly string _experiment;
    private Exception? _failure;
    private bool _ended;

    private RunRecorder(ITrackingStore store, string experiment, Run run)
    {
        _store = store;
        _experiment = experiment;
        Run = run;
    }

    /// <summary>The run as it was when it started.</summary>
    public Run Run { get; }

    public string RunId => Run.Id;

    public static async Task<RunRecorder> StartAsync(
        ITrackingStore store,
        string tenant,
        string experiment,
        string name,
        string? parentRunId,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? tags,
        string actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = await store.StartRunAsync(tenant, experiment, name, parentRunId, parameters, tags, actor, cancellationToken);
        return new RunRecorder(store, experiment, run);
    }

    /// <summary>Starts a child run (a trial of a search) in this run's experiment, by the same actor.</summary>
    public Task<RunRecorder> StartChildAsync(string name, IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        StartAsync(_store, Run.Tenant, _experiment, name, Run.Id, parameters, tags, Run.CreatedBy, cancellationToken);

    public Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        _store.LogParamsAsync(Run.Tenant, Run.Id, parameters, cancellationToken);

    public Task LogMetricsAsync(IReadOnlyDictionary<string, double> metrics, long? step, CancellationToken cancellationToken) =>
        _store.LogMetricsAsync(Run.Tenant, Run.Id, metrics, step, cancellationToken);

    public Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        _store.SetTagsAsync(Run.Tenant, Run.Id, tags, cancellationToken);

    public Task LogArtifactAsync(string name, ArtifactRef artifact, CancellationToken cancellationToken) =>
        _store.LogArtifactAsync(Run.Tenant, Run.Id, name, artifact, cancellationToken);

    /// <summary>Ends the run as Finished now; errors of the store surface here, where the caller can handle them.</summary>
    public async Task<Run> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException($"Run '{Run.Id}' was noted as failed ({_failure.Message}); it cannot also complete.");
        }
        var ended = await _store.EndRunAsync(Run.Tenant, Run.Id, RunStatus.Finished, null, cancellationToken);
        _ended = true;
        return ended;
    }

    /// <summary>Notes why the run is failing; the run ends when the recorder is disposed. A cancellation ends it as Killed.</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _failure ??= exception;
    }

    /// <summary>
    /// Ends a run that did not complete. Errors of the store are not thrown from here: this runs
    /// while the exception that stopped the run is usually still in flight, and replacing it would
    /// hide the cause. A run that could not be ended stays Running, where it is visible.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return;
        }
        _ended = true;

        var status = _failure is OperationCanceledException ? RunStatus.Killed : RunStatus.Failed;
        var error = _failure?.Message ?? "The run's code ended without completing it: an exception escaped or CompleteAsync was not called.";
        try
        {
            // Not the caller's token: a cancelled job must still record that it was killed.
            await _store.EndRunAsync(Run.Tenant, Run.Id, status, error, CancellationToken.None);
        }
        catch (Exception)
        {
            // See the summary: the stopping exception matters more; the run stays visible as Running.
        }
    }
}
