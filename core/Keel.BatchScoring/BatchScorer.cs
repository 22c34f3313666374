using System.Globalization;
using Keel.BatchScoring.Output;
using Keel.BatchScoring.Sources;
using Keel.Events.Messaging;
using Keel.Prediction;
using Keel.Serving.Runtime;
using Keel.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring;

/// <summary>
/// Runs a batch scoring job through the online path's own pieces: the version is resolved as
/// serving resolves it, features come from the same online reads or the same compiled
/// transformations, and rows are scored by <see cref="ModelHost"/>'s batcher in large batches,
/// so a batch score equals the online prediction of the same row. Every job is a tracking run;
/// its compute is metered as cost usage whether it finishes or not.
/// </summary>
public sealed class BatchScorer(
    ModelLoader loader,
    ModelHost host,
    ModelProfiles profiles,
    ScoringSources sources,
    BatchPaths paths,
    ITrackingStore tracking,
    BatchCostMeter costs,
    IOptions<BatchScoringOptions> options,
    TimeProvider time,
    ILogger<BatchScorer> logger)
{
    // A full queue shared with online traffic is a moment's wait for a batch job, not a failure.
    private const int OverloadRetries = 60;

    private readonly BatchScoringOptions _options = options.Value;

    public async Task<BatchScoringResult> RunAsync(BatchJob job, BatchTrigger trigger, CancellationToken cancellationToken) =>
        await ExecuteAsync(await PrepareAsync(job, trigger, cancellationToken), cancellationToken);

    /// <summary>
    /// Checks the job, resolves the version it scores with, opens its source and starts its run.
    /// <see cref="BatchJobException"/> for a job that cannot run, <see cref="Keel.Serving.Protocol.ModelNotFoundException"/>
    /// for a model without a champion or Production version; nothing is recorded then.
    /// </summary>
    public async Task<PreparedJob> PrepareAsync(BatchJob job, BatchTrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(trigger);
        var problems = job.Problems();
        if (problems.Count > 0)
        {
            throw new BatchJobException("The job cannot run: " + string.Join(" ", problems), problems);
        }
        var version = (await loader.ResolveAsync(job.Tenant, job.Model, null, cancellationToken)).Version;
        ModelProfile profile;
        try
        {
            profile = await profiles.GetAsync(job.Tenant, job.Model, version, cancellationToken);
        }
        catch (InvalidPredictionRequestException ex)
        {
            throw new BatchJobException(ex.Message);
        }
        var scoredAt = time.GetUtcNow();
        var source = await sources.OpenAsync(job, profile, scoredAt, cancellationToken);
        var batchSize = job.BatchSize ?? _options.BatchSize;
        // Resolved once before the run exists, so a template that leads outside fails without a run.
        paths.Output(job, version, "run", scoredAt);

        var run = await tracking.StartRunAsync(job.Tenant, _options.Experiment, job.Name, null, Params(job, version, source, batchSize, scoredAt),
            Tags(job, trigger), trigger.Actor, cancellationToken);
        var output = paths.Output(job, version, run.Id, scoredAt);
        await tracking.LogParamsAsync(job.Tenant, run.Id, new Dictionary<string, string> { ["output"] = output }, cancellationToken);
        return new PreparedJob(job, trigger, run, version, profile, source, batchSize, output, scoredAt);
    }

    /// <summary>Scores a prepared job and ends its run; a failure is recorded and returned, not thrown.</summary>
    public async Task<BatchScoringResult> ExecuteAsync(PreparedJob prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (job, run) = (prepared.Job, prepared.Run);
        var started = time.GetTimestamp();
        long rows = 0, batches = 0;
        ScoreFile? written = null;
        Exception? failure = null;
        try
        {
            await host.LoadAsync(job.Tenant, job.Model, prepared.Version, makeCurrent: false, cancellationToken);
            using var lease = host.Acquire(job.Tenant, job.Model, prepared.Version);
            await using var writer = await ScoreFileWriter.CreateAsync(prepared.OutputPath, cancellationToken);
            await foreach (var batch in prepared.Source.ReadAsync(prepared.BatchSize, cancellationToken))
            {
                var scores = await ScoreAsync(lease, batch, prepared.ScoredAt, cancellationToken);
                await writer.WriteAsync(batch, scores, prepared.Profile, prepared.ScoredAt, cancellationToken);
                rows += batch.Count;
                batches++;
            }
            written = await writer.CompleteAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        var duration = time.GetElapsedTime(started);
        // Recorded whatever happened, with the caller's token no longer trusted: a cancelled job still ends its run.
        var coreSeconds = await costs.EmitAsync(prepared, duration, rows, CancellationToken.None);
        var status = failure switch
        {
            null => RunStatus.Finished,
            OperationCanceledException when cancellationToken.IsCancellationRequested => RunStatus.Killed,
            _ => RunStatus.Failed,
        };
        var error = failure is null ? null : failure.Message;
        if (failure is not null)
        {
            logger.LogError(failure, "Batch scoring job {Job} ({Run}) of {Model} v{Version} ended {Status} after {Rows} rows",
                job.Name, run.Id, job.Model, prepared.Version, status, rows);
        }
        await RecordAsync(prepared, status, error, rows, batches, duration, coreSeconds, written);
        if (failure is null)
        {
            logger.LogInformation("Batch scoring job {Job} ({Run}) scored {Rows} rows with {Model} v{Version} in {Seconds:F1} s ({Rejected} left out) into {Output}",
                job.Name, run.Id, rows, job.Model, prepared.Version, duration.TotalSeconds, prepared.Source.Rejected, written!.Path);
        }
        return new BatchScoringResult(run.Id, job.Name, job.Tenant, job.Model, prepared.Version, status, rows, prepared.Source.Rejected, duration,
            written?.Path, written?.Sha256, coreSeconds, error);
    }

    private async Task<float[]> ScoreAsync(ModelLease lease, IReadOnlyList<ScoringRow> batch, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var features = batch.Select(r => r.Features).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await host.ScoreAsync(lease, features, asOf, cancellationToken)).Scores;
            }
            catch (OverloadedException ex) when (attempt < OverloadRetries)
            {
                await Task.Delay(ex.RetryAfter, time, cancellationToken);
            }
        }
    }

    private async Task RecordAsync(PreparedJob prepared, RunStatus status, string? error, long rows, long batches, TimeSpan duration, decimal coreSeconds, ScoreFile? written)
    {
        var (tenant, runId) = (prepared.Job.Tenant, prepared.Run.Id);
        try
        {
            await tracking.LogMetricsAsync(tenant, runId, new Dictionary<string, double>
            {
                ["rows"] = rows,
                ["rejected_rows"] = prepared.Source.Rejected,
                ["batches"] = batches,
                ["duration_seconds"] = duration.TotalSeconds,
                ["compute_core_seconds"] = (double)coreSeconds,
            }, null, CancellationToken.None);
            var tags = new Dictionary<string, string>();
            if (written is not null)
            {
                tags["output_path"] = written.Path;
                tags["output_sha256"] = written.Sha256;
                tags["output_bytes"] = written.Bytes.ToString(CultureInfo.InvariantCulture);
            }
            if (prepared.Source.FirstRejection is { } rejection)
            {
                tags["first_rejection"] = rejection.Length > 1000 ? rejection[..1000] : rejection;
            }
            if (tags.Count > 0)
            {
                await tracking.SetTagsAsync(tenant, runId, tags, CancellationToken.None);
            }
            await tracking.EndRunAsync(tenant, runId, status, error, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The scores are written either way; a run left open says the record, not the job, failed.
            logger.LogError(ex, "Could not record batch scoring run {Run} as {Status}", runId, status);
        }
    }

    private static Dictionary<string, string> Params(BatchJob job, int version, IScoringSource source, int batchSize, DateTimeOffset scoredAt) => new()
    {
        ["model"] = job.Model,
        ["version"] = version.ToString(CultureInfo.InvariantCulture),
        ["source"] = source.Description,
        ["batch_size"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["scored_at"] = scoredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string> Tags(BatchJob job, BatchTrigger trigger)
    {
        var tags = new Dictionary<string, string>
        {
            ["job"] = job.Name,
            ["model"] = job.Model,
            ["trigger"] = trigger.Kind,
        };
        if (trigger.Occurrence is { } occurrence)
        {
            tags["occurrence"] = BatchTrigger.Format(occurrence);
        }
        if (!string.IsNullOrWhiteSpace(job.Team))
        {
            tags["team"] = job.Team;
        }
        if (!string.IsNullOrWhiteSpace(job.CostCentre))
        {
            tags["cost_centre"] = job.CostCentre;
        }
        return tags;
    }
}
