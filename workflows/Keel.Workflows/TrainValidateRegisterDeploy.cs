using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// The model life cycle of one training request: build the training set → train → evaluate against
/// the champion → gates → register in Staging → wait for an approver (separation of duties, with a
/// deadline) → optionally a canary beside the Production version until canary analysis recommends
/// promoting or rolling it back → deploy to Production → promote to champion. A failed gate ends it before anything is
/// registered; a rejection or a missed deadline archives the version; a canary rolled back (or left
/// without a recommendation past its deadline) is archived while the stable version keeps serving; a
/// step that fails after registration is compensated. It only orchestrates: every step is an activity, retried by the
/// request's policy, and the custom status names the step it is at.
/// </summary>
public sealed class TrainValidateRegisterDeploy : Workflow<TrainingRequest, TrainingOutcome>
{
    public override async Task<TrainingOutcome> RunAsync(WorkflowContext context, TrainingRequest input)
    {
        var retry = (input.Retry ?? ActivityRetry.Default).ToTaskOptions();
        var actor = LifecycleActors.Workflow(context.InstanceId);

        context.SetCustomStatus(new WorkflowProgress(TrainingSteps.BuildTrainingSet));
        var prepared = await context.CallActivityAsync<PreparedTraining>(nameof(BuildTrainingSetActivity), input, retry);
        if (!prepared.IsValid)
        {
            return Finish(context, new TrainingOutcome(TrainingStatus.Invalid, prepared.Problem ?? "the request captured no training set")
            {
                Tenant = prepared.Tenant,
                Model = prepared.Model,
            });
        }
        var tenant = prepared.Tenant;
        var model = prepared.Model!;
        var progress = new WorkflowProgress(TrainingSteps.Train) { Model = model };

        context.SetCustomStatus(progress);
        var run = await context.CallActivityAsync<TrainingRunResult>(nameof(TrainActivity),
            new TrainInput(tenant, input.Spec, prepared.Dataset!.ManifestSha256, input.RequestedBy, context.InstanceId), retry);
        progress = progress with { RunId = run.RunId };
        var outcome = new TrainingOutcome(TrainingStatus.Failed, "") { Tenant = tenant, Model = model, RunId = run.RunId, Metrics = run.Metrics };

        GateVerdicts gates;
        try
        {
            context.SetCustomStatus(progress with { Step = TrainingSteps.Evaluate });
            await context.CallActivityAsync<EvaluationResult>(nameof(EvaluateActivity), new RunInput(tenant, run.RunId), retry);
            context.SetCustomStatus(progress with { Step = TrainingSteps.RunGates });
            gates = await context.CallActivityAsync<GateVerdicts>(nameof(RunGatesActivity), new RunInput(tenant, run.RunId), retry);
        }
        catch (WorkflowTaskFailedException failure)
        {
            // Nothing is registered yet: the run is the only thing to close.
            await context.CallActivityAsync<string>(nameof(FailRunActivity), new FailRunInput(tenant, run.RunId, failure.FailureDetails.ErrorMessage), retry);
            return Finish(context, outcome with { Summary = $"validation failed: {failure.FailureDetails.ErrorMessage}" });
        }
        if (!gates.Passed)
        {
            return Finish(context, outcome with
            {
                Status = TrainingStatus.RejectedByGates,
                Summary = "rejected by gates: " + string.Join("; ", gates.Failures.Select(f => $"{f.Gate}: {f.Summary}")),
                FailedGates = gates.Failures,
            });
        }

        return await RegisterAndDeployAsync(context, input, progress, outcome, actor, retry);
    }

    /// <summary>Everything after the gates passed: a failure of any of it undoes what was registered and deployed.</summary>
    private static async Task<TrainingOutcome> RegisterAndDeployAsync(
        WorkflowContext context, TrainingRequest input, WorkflowProgress progress, TrainingOutcome outcome, string actor, WorkflowTaskOptions retry)
    {
        var tenant = outcome.Tenant!;
        var model = outcome.Model!;
        var step = TrainingSteps.Register;
        int? version = null;
        CanaryStart? openCanary = null;
        try
        {
            context.SetCustomStatus(progress with { Step = step });
            var registration = await context.CallActivityAsync<RegistrationResult>(nameof(RegisterActivity),
                new RegistrationRequest(tenant, outcome.RunId!, input.RequestedBy, actor, input.ParentRunId), retry);
            if (!registration.Registered)
            {
                return Finish(context, outcome with { Status = TrainingStatus.RejectedByGates, Summary = registration.Reason ?? "not registered" });
            }
            version = registration.Version!.Value;
            progress = progress with { Version = version };
            outcome = outcome with { Version = version };

            context.SetCustomStatus(progress with { Step = step = TrainingSteps.RequestApproval });
            var request = await context.CallActivityAsync<ApprovalRequest>(nameof(RequestApprovalActivity),
                new ApprovalRequestInput(tenant, model, version.Value, input.RequestedBy, input.ApprovalTimeout), retry);
            step = TrainingSteps.AwaitingApproval;
            var wait = await ApprovalWait.RunAsync(context, progress, request, tenant, input.RequestedBy, retry);
            outcome = outcome with { RefusedApprovals = wait.Refused };

            if (wait.Decision is not { } decision)
            {
                context.SetCustomStatus(progress with { Step = step = TrainingSteps.Reject });
                await context.CallActivityAsync<VersionStage>(nameof(RejectActivity), new RejectInput(tenant, model, version.Value, actor,
                    $"nobody approved the version within {request.Timeout}", TimedOut: true), retry);
                return Finish(context, outcome with { Status = TrainingStatus.TimedOut, Summary = $"approval timed out after {request.Timeout}; version {version} archived" });
            }
            outcome = outcome with { DecidedBy = decision.Approver };
            var why = string.IsNullOrWhiteSpace(decision.Comment) ? "" : $": {decision.Comment}";
            if (!decision.Approved)
            {
                context.SetCustomStatus(progress with { Step = step = TrainingSteps.Reject });
                await context.CallActivityAsync<VersionStage>(nameof(RejectActivity), new RejectInput(tenant, model, version.Value, decision.Approver,
                    $"rejected by {decision.Approver}{why}", TimedOut: false), retry);
                return Finish(context, outcome with { Status = TrainingStatus.Rejected, Summary = $"rejected by {decision.Approver}{why}; version {version} archived" });
            }

            var change = new VersionChange(tenant, model, version.Value, decision.Approver, $"approved by {decision.Approver}{why}");
            if (input.Canary is { } canary)
            {
                context.SetCustomStatus(progress with { Step = step = TrainingSteps.StartCanary });
                var start = await context.CallActivityAsync<CanaryStart>(nameof(StartCanaryActivity),
                    new CanaryInput(tenant, model, version.Value, canary.Percent, actor, change.Reason, context.InstanceId), retry);
                if (start.StableVersion is { } stableVersion)
                {
                    openCanary = start;
                    step = TrainingSteps.AwaitingCanary;
                    var maxWait = canary.MaxWait ?? CanaryRollout.DefaultMaxWait;
                    var verdict = await CanaryWait.RunAsync(context, progress, start, maxWait);
                    var reasons = verdict?.Reasons ?? [$"no canary recommendation within {maxWait}"];
                    outcome = outcome with { CanaryReasons = reasons };
                    if (verdict?.IsPromote != true)
                    {
                        context.SetCustomStatus(progress with { Step = step = TrainingSteps.RollBackCanary });
                        await context.CallActivityAsync<CanaryRollback>(nameof(RollBackCanaryActivity),
                            new CanaryRollbackInput(tenant, model, version.Value, stableVersion, actor, reasons, context.InstanceId), retry);
                        return Finish(context, outcome with
                        {
                            Status = TrainingStatus.RolledBack,
                            Summary = $"canary of version {version} rolled back ({string.Join("; ", reasons)}); version {version} archived, version {stableVersion} serves",
                        });
                    }
                }
            }
            context.SetCustomStatus(progress with { Step = step = TrainingSteps.Deploy });
            await context.CallActivityAsync<DeploymentResult>(nameof(DeployActivity), change, retry);
            // Deployed: serving follows the new version, and the canary's plan ends with it.
            openCanary = null;
            context.SetCustomStatus(progress with { Step = step = TrainingSteps.Promote });
            var promotion = await context.CallActivityAsync<PromotionResult>(nameof(PromoteActivity), change, retry);
            return Finish(context, outcome with
            {
                Status = TrainingStatus.Deployed,
                Summary = $"version {version} approved by {decision.Approver}, in Production and {ModelAliases.Champion}",
                PreviousChampion = promotion.PreviousChampion,
            });
        }
        catch (WorkflowTaskFailedException failure)
        {
            var reason = $"{step} failed: {failure.FailureDetails.ErrorMessage}";
            context.SetCustomStatus(progress with { Step = TrainingSteps.Compensate, Detail = reason });
            if (openCanary is { StableVersion: { } stable } open)
            {
                await EndCanaryAsync(context, tenant, open, stable, actor, reason, retry);
            }
            var undone = await context.CallActivityAsync<CompensationResult>(nameof(CompensateActivity),
                new CompensateInput(tenant, model, outcome.RunId!, version, actor, reason), retry);
            return Finish(context, outcome with
            {
                Status = TrainingStatus.Failed,
                Version = undone.ArchivedVersion ?? version,
                Summary = $"{reason}; compensated: " + CompensationSummary(undone),
                Compensated = true,
            });
        }
    }

    /// <summary>
    /// A canary still taking traffic when a later step failed is rolled back before compensation, so the
    /// version compensation archives stops answering. Should that fail too, compensation still runs:
    /// serving's plan then ends with the model's next deployment.
    /// </summary>
    private static async Task EndCanaryAsync(WorkflowContext context, string tenant, CanaryStart open, int stableVersion, string actor, string reason, WorkflowTaskOptions retry)
    {
        try
        {
            await context.CallActivityAsync<CanaryRollback>(nameof(RollBackCanaryActivity),
                new CanaryRollbackInput(tenant, open.Model, open.Version, stableVersion, actor, [reason], context.InstanceId), retry);
        }
        catch (WorkflowTaskFailedException)
        {
            // Nothing more to do here: the compensation that follows archives the version regardless.
        }
    }

    private static string CompensationSummary(CompensationResult undone) => string.Join(", ", new[]
    {
        undone.ArchivedVersion is { } archived ? $"version {archived} archived" : "nothing was registered",
        undone.RestoredChampion is { } champion ? $"{ModelAliases.Champion} back on version {champion}" : undone.ChampionRemoved ? $"{ModelAliases.Champion} removed" : null,
        undone.RestoredProduction is { } production ? $"version {production} back in Production" : null,
    }.OfType<string>());

    private static TrainingOutcome Finish(WorkflowContext context, TrainingOutcome outcome)
    {
        context.SetCustomStatus(new WorkflowProgress(TrainingSteps.Done) { Model = outcome.Model, Version = outcome.Version, RunId = outcome.RunId, Detail = outcome.Summary });
        return outcome;
    }
}
