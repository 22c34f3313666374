using Keel.Costs.Metering;
using Keel.Training;
using Microsoft.Extensions.Logging;

namespace Keel.Metering;

/// <summary>
/// Meters a training run as wall time × the resources its spec requested (<see cref="TrainingUsage"/>:
/// one record, so one <c>cost.metered</c> event, per resource kind it held), charged to the spec's
/// <c>team</c> and <c>cost_centre</c> tags, the model and the run. The events are queued and sent at
/// once; if the log is unreachable they wait in the outbox (or its spool) for the flusher.
/// </summary>
public sealed class TrainingMeter(CostEventOutbox outbox, ILogger<TrainingMeter> logger) : ITrainingMeter
{
    public const string TeamTag = "team";
    public const string CostCentreTag = "cost_centre";

    public static IReadOnlyList<UsageRecord> UsageOf(MeteredTrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var spec = run.Spec;
        var requested = new TrainingResources((decimal)spec.Resources.Cores, (decimal)spec.Resources.MemoryGb, spec.Resources.Gpus, spec.Resources.GpuType);
        var tags = new AttributionTags(run.Tenant, spec.Tags.GetValueOrDefault(TeamTag), spec.Tags.GetValueOrDefault(CostCentreTag), spec.Name, runId: run.RunId);
        // A clock step backwards must not make the usage negative.
        var end = run.End < run.Start ? run.Start : run.End;
        return TrainingUsage.For(run.RunId, requested, run.Start, end, tags);
    }

    public async Task MeterAsync(MeteredTrainingRun run, CancellationToken cancellationToken)
    {
        try
        {
            outbox.Add(UsageOf(run).Select(r => new MeteredUsage(r)).ToArray());
            await outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Training is done and must not fail for its bookkeeping; what was queued is sent later.
            logger.LogError(ex, "Metering training run {RunId} of {Tenant} failed", run.RunId, run.Tenant);
        }
    }
}
