using System.ComponentModel;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// Sends an approval or a rejection as <c>--actor</c> and reports what became of it. The API only
/// accepts the decision; the workflow then reviews it under the separation of duties, so the command
/// watches the instance for a few seconds: the decision counted (the workflow moved on), was refused
/// (a new entry in refusedApprovals; exit code 1) or is still pending.
/// </summary>
public abstract class WorkflowDecisionCommand(bool approved) : AsyncCommand<WorkflowDecisionCommand.Settings>
{
    public sealed class Settings : WorkflowInstanceSettings
    {
        [CommandOption("--comment <TEXT>")]
        [Description("Why; recorded with the decision.")]
        public string? Comment { get; init; }

        [CommandOption("--wait <SECONDS>")]
        [Description("How long to watch for the workflow's verdict on the decision (default 10).")]
        public int Wait { get; init; } = 10;

        public override ValidationResult Validate() =>
            Wait < 0 ? ValidationResult.Error("--wait: 0 or more seconds") : ValidationResult.Success();
    }

    // The steps a workflow reaches only after a decision counted.
    private static readonly string[] AfterDecision = [TrainingSteps.Deploy, TrainingSteps.Promote, TrainingSteps.Reject, TrainingSteps.Compensate, TrainingSteps.Done];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var before = await client.GetWorkflowAsync(settings.Id, cancellationToken);
        var id = WorkflowReport.ApprovalInstance(before);
        if (id != settings.Id)
        {
            AnsiConsole.MarkupLineInterpolated($"{settings.Id} is a retraining; its approval goes to instance {id}");
            before = await client.GetWorkflowAsync(id, cancellationToken);
        }
        if (KeelClient.IsRunning(before) && KeelClient.StepOf(before) is not (TrainingSteps.AwaitingApproval or TrainingSteps.ReviewApproval))
        {
            AnsiConsole.MarkupLineInterpolated($"{id} is at step {KeelClient.StepOf(before)}; the decision is held until it asks for approval");
        }
        var refused = WorkflowReport.Refused(before).Count;
        var verb = approved ? "approval" : "rejection";
        await client.DecideAsync(id, approved, settings.ActorName, settings.Comment, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"{verb} of {id} sent as {settings.ActorName}");

        var after = await client.WaitForWorkflowAsync(id, state => WorkflowReport.Refused(state).Count > refused, TimeSpan.FromSeconds(settings.Wait), cancellationToken);
        if (WorkflowReport.Refused(after).Skip(refused).ToArray() is { Length: > 0 } refusals)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{verb} refused:[/] {string.Join("; ", refusals)}");
            return 1;
        }
        if (!KeelClient.IsRunning(after) || AfterDecision.Contains(KeelClient.StepOf(after)))
        {
            var outcome = after["outcome"] is { } o ? $"{(string?)o["status"]}: {(string?)o["summary"]}" : $"the workflow is at {KeelClient.StepOf(after)}";
            AnsiConsole.MarkupLineInterpolated($"[green]{verb} counted[/]; {outcome}");
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"{verb} still pending at step {KeelClient.StepOf(after)}; see keel workflows show {id}");
        return 0;
    }
}
