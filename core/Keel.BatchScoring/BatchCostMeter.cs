using System.Globalization;
using Keel.Costs.Metering;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring;

/// <summary>
/// Meters a job's compute as inference usage on <c>keel.costs</c>: the job's duration times the
/// cores it held, on CPU, tagged with its tenant, team, cost centre, model, version, the
/// variant <c>batch</c> and its run. The usage id comes from the run, so metering a run twice
/// yields the same event id, which consumers drop.
/// </summary>
public sealed class BatchCostMeter(IEventPublisher publisher, IOptions<BatchScoringOptions> options, TimeProvider time, ILogger<BatchCostMeter> logger)
{
    /// <summary>The variant tag of batch usage, so a version's batch and online costs stay apart.</summary>
    public const string Variant = "batch";

    public decimal Cores => options.Value.Cores is > 0m and var cores ? cores : Environment.ProcessorCount;

    /// <summary>Publishes the usage and returns the core-seconds charged; a failure to publish is logged, not thrown.</summary>
    public async Task<decimal> EmitAsync(PreparedJob prepared, TimeSpan duration, long rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var job = prepared.Job;
        var tags = new AttributionTags(job.Tenant, job.Team, job.CostCentre, job.Model,
            prepared.Version.ToString(CultureInfo.InvariantCulture), Variant, prepared.Run.Id);
        // Rows only split a batch's time among its requests; with one request any positive weight charges it all.
        var batch = new InferenceBatch(prepared.Run.Id, prepared.Run.StartTime, duration < TimeSpan.Zero ? TimeSpan.Zero : duration,
            InferenceDevice.Cpu(Cores), tags, [new BatchRequest(job.Name, (int)Math.Clamp(rows, 1, int.MaxValue))]);
        var records = InferenceUsage.For(batch);
        try
        {
            var now = time.GetUtcNow();
            await publisher.PublishAsync(KeelTopics.Costs, records.Select(r => CostMeteredEvent.Create(r, now)).ToArray(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The compute of batch scoring run {Run} ({CoreSeconds} core-seconds) could not be published to {Topic}",
                prepared.Run.Id, records.Sum(r => r.Quantity), KeelTopics.Costs);
        }
        return records.Sum(r => r.Quantity);
    }
}
