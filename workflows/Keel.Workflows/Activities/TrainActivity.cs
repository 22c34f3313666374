using Dapr.Workflow;
using Keel.Lifecycle;
using Keel.Training;

namespace Keel.Workflows;

/// <summary>
/// Trains the spec on the snapshot in a tracking run, left open for the evaluation and the gates,
/// and meters the run (wall time × the spec's requested resources) when a meter is registered.
/// </summary>
public sealed class TrainActivity(TrainingRuns runs, ITrainingMeter? meter = null) : TracedActivity<TrainInput, TrainingRunResult>
{
    protected override async Task<TrainingRunResult> ExecuteAsync(WorkflowActivityContext context, TrainInput input)
    {
        var spec = TrainingSpecFile.Parse(input.Spec, "training request");
        var start = DateTimeOffset.UtcNow;
        TrainingRunResult result;
        try
        {
            result = await runs.TrainAsync(new TrainingRunRequest(input.Tenant, spec, input.DatasetManifestSha256, input.RequestedBy)
            {
                Tags = new Dictionary<string, string> { ["workflow"] = input.WorkflowInstanceId },
                EndWhenTrained = false,
            }, CancellationToken.None);
        }
        catch when (meter is not null)
        {
            // A failed run held its resources too. Its run id is not returned, so the workflow and start name it.
            await meter.MeterAsync(new MeteredTrainingRun(input.Tenant, $"failed/{input.WorkflowInstanceId}/{start.UtcTicks}", spec, start, DateTimeOffset.UtcNow),
                CancellationToken.None);
            throw;
        }
        if (meter is not null)
        {
            await meter.MeterAsync(new MeteredTrainingRun(input.Tenant, result.RunId, spec, start, DateTimeOffset.UtcNow), CancellationToken.None);
        }
        return result;
    }
}
