using Dapr.Workflow;
using Keel.Lifecycle;
using Keel.Training;

namespace Keel.Workflows;

/// <summary>Trains the spec on the snapshot in a tracking run, left open for the evaluation and the gates.</summary>
public sealed class TrainActivity(TrainingRuns runs) : TracedActivity<TrainInput, TrainingRunResult>
{
    protected override Task<TrainingRunResult> ExecuteAsync(WorkflowActivityContext context, TrainInput input) =>
        runs.TrainAsync(new TrainingRunRequest(input.Tenant, TrainingSpecFile.Parse(input.Spec, "training request"), input.DatasetManifestSha256, input.RequestedBy)
        {
            Tags = new Dictionary<string, string> { ["workflow"] = input.WorkflowInstanceId },
            EndWhenTrained = false,
        }, CancellationToken.None);
}
