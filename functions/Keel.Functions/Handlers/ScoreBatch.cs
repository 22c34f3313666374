using Keel.BatchScoring;
using Keel.BatchScoring.Scheduling;
using Keel.Functions.Http;
using Keel.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// Off-peak batch scoring. On its timer tick, the configured jobs (<c>Keel:BatchScoring:Jobs</c>)
/// whose scheduled, possibly deferred, start has come; on request (<c>POST /api/batch-scoring</c>
/// with <c>{"model": ..., "dataset" | "entities" | "entitiesFile": ..., "output": ...}</c>), one job now,
/// answered 202 with its tracking run while it scores in the background.
/// </summary>
public sealed class ScoreBatch(BatchJobs jobs, ScheduledBatchScoring scheduled)
{
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromMinutes(1);

    public Task RunScheduledAsync(CancellationToken cancellationToken) => scheduled.RunDueAsync(cancellationToken);

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<BatchJobRequest>(request, "batch scoring request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (body is null)
        {
            return ProblemResults.BadRequest("Empty request", "Send {\"model\": ..., and \"dataset\" or \"entities\"}.");
        }
        var job = body.ToJob(tenant);
        var problems = job.Problems();
        if (problems.Count > 0)
        {
            return ProblemResults.BadRequest("Invalid batch scoring job", string.Join(" ", problems), new Dictionary<string, object?> { ["problems"] = problems });
        }
        try
        {
            var started = await jobs.StartAsync(job, BatchTrigger.Request(actor), cancellationToken);
            return Results.Accepted($"/{FunctionCatalog.RoutePrefix}/runs/{started.Run.Id}", new
            {
                runId = started.Run.Id,
                job = job.Name,
                model = job.Model,
                version = started.Version,
                status = "running",
            });
        }
        catch (BatchJobException ex)
        {
            return ProblemResults.BadRequest("Invalid batch scoring job", ex.Message, new Dictionary<string, object?> { ["problems"] = ex.Problems });
        }
        catch (ModelNotFoundException ex)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        catch (BatchScoringBusyException ex)
        {
            return ProblemResults.Overloaded(ex.Message, BusyRetryAfter);
        }
    }
}
