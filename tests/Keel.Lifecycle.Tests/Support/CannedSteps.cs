using Keel.Gates;
using Keel.Lifecycle;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>Activity answers of a run that goes well up to the approval; each test changes what it is about.</summary>
public static class CannedSteps
{
    public const string Model = "credit";
    public const string RunId = "run-1";

    public static readonly TrainingRequest Request = new("name: credit", "alice") { ApprovalTimeout = TimeSpan.FromHours(24) };

    public static FakeWorkflowContext Successful(this FakeWorkflowContext context, bool gatesPass = true) => context
        .On<TrainingRequest, PreparedTraining>(nameof(BuildTrainingSetActivity), _ =>
            new PreparedTraining("default", Model, new CapturedDataset("manifest", new DatasetManifest("data", 10, "svc", "labels", "y", new Dictionary<string, string>(), 100, null, null)), null))
        .On<TrainInput, TrainingRunResult>(nameof(TrainActivity), _ =>
            new TrainingRunResult(RunId, Model, Model, "spec", "data", new Dictionary<string, double> { ["auc"] = 0.81 }, new Dictionary<string, string>(), 0))
        .On<RunInput, EvaluationResult>(nameof(EvaluateActivity), _ => new EvaluationResult(RunId, Model, false, null, "no champion", "cmp"))
        .On<RunInput, GateVerdicts>(nameof(RunGatesActivity), _ => new GateVerdicts(RunId, Model, gatesPass,
        [
            new GateFinding("performance", GateVerdict.Pass, "auc 0.81"),
            new GateFinding("bias", gatesPass ? GateVerdict.Pass : GateVerdict.Fail, gatesPass ? "fair" : "age: selection rates differ by 0.4"),
        ], "json", "html"))
        .On<RegistrationRequest, RegistrationResult>(nameof(RegisterActivity), _ => new RegistrationResult(RunId, Model, true, 3, "onnx", null))
        .On<ApprovalRequestInput, ApprovalRequest>(nameof(RequestApprovalActivity), input =>
            new ApprovalRequest(Model, 3, RunId, input.RequestedBy, input.RequestedBy, input.Timeout ?? TimeSpan.FromHours(24)))
        .On<ApprovalReviewInput, ApprovalReview>(nameof(ReviewApprovalActivity), input =>
            SeparationOfDuties.RefusalOf(input.Decision, input.RequestedBy, input.RequestedBy) is { } refusal
                ? ApprovalReview.Refused(input.Decision, refusal)
                : new ApprovalReview(true, input.Decision.Approved, input.Decision.Approver, input.Decision.Comment, null))
        .On<RejectInput, VersionStage>(nameof(RejectActivity), input => new VersionStage(Model, input.Version, "Archived"))
        .On<VersionChange, DeploymentResult>(nameof(DeployActivity), input => new DeploymentResult(Model, input.Version, "onnx", 2, "evt"))
        .On<VersionChange, PromotionResult>(nameof(PromoteActivity), input => new PromotionResult(Model, input.Version, 2))
        .On<CompensateInput, CompensationResult>(nameof(CompensateActivity), input => new CompensationResult(Model, input.Version, 2, 2, false))
        .On<FailRunInput, string>(nameof(FailRunActivity), _ => "Failed");
}
