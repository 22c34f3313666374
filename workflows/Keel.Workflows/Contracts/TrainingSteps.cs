namespace Keel.Workflows;

/// <summary>The step names a workflow's custom status shows, in the order they run.</summary>
public static class TrainingSteps
{
    public const string BuildTrainingSet = "BuildTrainingSet";
    public const string Train = "Train";
    public const string Evaluate = "Evaluate";
    public const string RunGates = "RunGates";
    public const string Register = "Register";
    public const string RequestApproval = "RequestApproval";
    public const string AwaitingApproval = "AwaitingApproval";
    public const string ReviewApproval = "ReviewApproval";
    public const string Reject = "Reject";
    public const string StartCanary = "StartCanary";
    public const string AwaitingCanary = "AwaitingCanary";
    public const string RollBackCanary = "RollBackCanary";
    public const string Deploy = "Deploy";
    public const string Promote = "Promote";
    public const string Compensate = "Compensate";

    /// <summary>The last status of a finished instance; its output says how it ended.</summary>
    public const string Done = "Done";

    /// <summary>Steps of <see cref="Retrain"/>.</summary>
    public const string PlanRetraining = "PlanRetraining";

    public const string TrainValidateRegisterDeploy = nameof(Workflows.TrainValidateRegisterDeploy);
}
