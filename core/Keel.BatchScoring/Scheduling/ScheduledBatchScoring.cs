using Keel.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring.Scheduling;

/// <summary>
/// What a timer tick does: finds the schedule's current run and, once its (possibly deferred)
/// start has come, runs every configured job that has no run for that occurrence yet. Each job's
/// tracking run carries the occurrence, so ticks every few minutes and restarts start a job once
/// per occurrence (two hosts ticking at the same moment could both start it; the Functions Timer
/// trigger runs as a singleton). Before the start a tick only notes that the run waits: that is
/// how a deferral re-schedules it.
/// </summary>
public sealed class ScheduledBatchScoring(
    BatchSchedule schedule,
    BatchJobs jobs,
    ITrackingStore tracking,
    IOptions<BatchScoringOptions> options,
    TimeProvider time,
    ILogger<ScheduledBatchScoring> logger)
{
    // Far more runs than one experiment gathers between two occurrences of any sensible schedule.
    private const int RecentRuns = 1000;

    private readonly BatchScoringOptions _options = options.Value;

    /// <summary>The next run after now, with its start after deferral; null when the schedule has no further occurrence.</summary>
    public ScheduledRun? NextRun() => schedule.Next(time.GetUtcNow());

    /// <summary>Runs the jobs that are due now and returns their results (none when nothing is due).</summary>
    public async Task<IReadOnlyList<BatchScoringResult>> RunDueAsync(CancellationToken cancellationToken)
    {
        var jobsToRun = _options.Jobs.Select((j, i) => j.ToJob(i)).ToArray();
        var now = time.GetUtcNow();
        if (jobsToRun.Length == 0 || schedule.Current(now) is not { } run)
        {
            return [];
        }
        if (run.Start > now)
        {
            logger.LogDebug("Batch scoring of {Occurrence:O} is deferred to {Start:O}, the cheapest hour of its window", run.Occurrence, run.Start);
            return [];
        }
        var results = new List<BatchScoringResult>();
        foreach (var job in jobsToRun)
        {
            try
            {
                if (await HasRunAsync(job, run.Occurrence, cancellationToken))
                {
                    continue;
                }
                logger.LogInformation("Starting scheduled batch scoring job {Job} for {Occurrence:O}{Deferred}",
                    job.Name, run.Occurrence, run.Deferred ? $", deferred to {run.Start:O}" : "");
                results.Add(await jobs.RunAsync(job, BatchTrigger.Scheduled(run.Occurrence), cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One job's bad configuration must not keep the others from running.
                logger.LogError(ex, "Scheduled batch scoring job {Job} for {Occurrence:O} could not start", job.Name, run.Occurrence);
            }
        }
        return results;
    }

    private async Task<bool> HasRunAsync(BatchJob job, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        await tracking.GetOrCreateExperimentAsync(job.Tenant, _options.Experiment, null, cancellationToken);
        var runs = await tracking.ListRunsAsync(job.Tenant, new RunQuery { Experiment = _options.Experiment, Limit = RecentRuns }, cancellationToken);
        var wanted = BatchTrigger.Format(occurrence);
        return runs.Any(r => r.Tags.GetValueOrDefault("job") == job.Name && r.Tags.GetValueOrDefault("occurrence") == wanted);
    }
}
