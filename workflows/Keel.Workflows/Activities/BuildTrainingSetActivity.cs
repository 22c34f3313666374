using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Checks the request and captures the point-in-time training set as a dataset snapshot.</summary>
public sealed class BuildTrainingSetActivity(TrainingRequests requests) : TracedActivity<TrainingRequest, PreparedTraining>
{
    protected override Task<PreparedTraining> ExecuteAsync(WorkflowActivityContext context, TrainingRequest input) =>
        requests.PrepareAsync(input.Tenant, input.Spec, CancellationToken.None);
}
