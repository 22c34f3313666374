using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// Retrains a model from its latest version's spec on a fresh snapshot of the feature store, as a
/// child <see cref="TrainValidateRegisterDeploy"/> whose instance id is this one's with <c>-train</c>
/// appended (where its approval is sent). Drift alerts start it.
/// </summary>
public sealed class Retrain : Workflow<RetrainRequest, TrainingOutcome>
{
    /// <summary>The instance id of the training a retraining starts.</summary>
    public static string TrainingInstanceId(string retrainInstanceId) => retrainInstanceId + "-train";

    public override async Task<TrainingOutcome> RunAsync(WorkflowContext context, RetrainRequest input)
    {
        var retry = (input.Retry ?? ActivityRetry.Default).ToTaskOptions();
        context.SetCustomStatus(new WorkflowProgress(TrainingSteps.PlanRetraining) { Model = input.Model });
        var plan = await context.CallActivityAsync<RetrainingPlan>(nameof(PrepareRetrainActivity), input, retry);
        if (!plan.IsValid)
        {
            var invalid = new TrainingOutcome(TrainingStatus.Invalid, plan.Problem ?? "nothing to retrain from") { Tenant = plan.Tenant, Model = input.Model };
            context.SetCustomStatus(new WorkflowProgress(TrainingSteps.Done) { Model = input.Model, Detail = invalid.Summary });
            return invalid;
        }

        var child = TrainingInstanceId(context.InstanceId);
        context.SetCustomStatus(new WorkflowProgress(TrainingSteps.TrainValidateRegisterDeploy)
        {
            Model = input.Model,
            Detail = $"retraining from version {plan.FromVersion} in instance {child}",
        });
        var outcome = await context.CallChildWorkflowAsync<TrainingOutcome>(nameof(TrainValidateRegisterDeploy), new TrainingRequest(plan.Spec!, input.RequestedBy)
        {
            Tenant = plan.Tenant,
            ApprovalTimeout = input.ApprovalTimeout,
            ParentRunId = plan.ParentRunId,
            Reason = input.Reason ?? $"retraining {input.Model} from version {plan.FromVersion}",
            Retry = input.Retry,
            Canary = input.Canary,
        }, new ChildWorkflowTaskOptions(child));
        context.SetCustomStatus(new WorkflowProgress(TrainingSteps.Done) { Model = outcome.Model, Version = outcome.Version, RunId = outcome.RunId, Detail = outcome.Summary });
        return outcome;
    }
}
