using Keel.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring;

/// <summary>A job started in the background: its run (running), the version it scores with, and the task that completes with its result.</summary>
public sealed record StartedJob(Run Run, int Version, string OutputPath, Task<BatchScoringResult> Completion);

/// <summary>
/// The jobs of this process, at most <see cref="BatchScoringOptions.MaxConcurrentJobs"/> at once:
/// a started job (a request) is refused when none is free, a scheduled one waits for its turn.
/// Jobs still running when the host stops are cancelled and recorded as killed.
/// </summary>
public sealed class BatchJobs : IDisposable
{
    private readonly BatchScorer _scorer;
    private readonly ILogger<BatchJobs> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();

    public BatchJobs(BatchScorer scorer, IOptions<BatchScoringOptions> options, ILogger<BatchJobs> logger)
    {
        _scorer = scorer;
        _logger = logger;
        var slots = Math.Max(1, options.Value.MaxConcurrentJobs);
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>
    /// Checks and records the job, then scores it in the background. Throws what
    /// <see cref="BatchScorer.PrepareAsync"/> throws, and <see cref="BatchScoringBusyException"/>
    /// when every slot is taken.
    /// </summary>
    public async Task<StartedJob> StartAsync(BatchJob job, BatchTrigger trigger, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new BatchScoringBusyException("Batch scoring is already running as many jobs as it may; start this one when one has finished.");
        }
        PreparedJob prepared;
        try
        {
            prepared = await _scorer.PrepareAsync(job, trigger, cancellationToken);
        }
        catch
        {
            _slots.Release();
            throw;
        }
        var completion = Task.Run(async () =>
        {
            try
            {
                return await _scorer.ExecuteAsync(prepared, _stopping.Token);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
        _logger.LogInformation("Started batch scoring job {Job} ({Run}) of {Model} v{Version} for {Actor}",
            job.Name, prepared.Run.Id, job.Model, prepared.Version, trigger.Actor);
        return new StartedJob(prepared.Run, prepared.Version, prepared.OutputPath, completion);
    }

    /// <summary>Runs a job to its end once a slot is free; throws what <see cref="BatchScorer.PrepareAsync"/> throws.</summary>
    public async Task<BatchScoringResult> RunAsync(BatchJob job, BatchTrigger trigger, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _slots.WaitAsync(linked.Token);
        try
        {
            return await _scorer.RunAsync(job, trigger, linked.Token);
        }
        finally
        {
            _slots.Release();
        }
    }

    // The source is cancelled, not disposed: jobs winding down still hold its token.
    public void Dispose() => _stopping.Cancel();
}
