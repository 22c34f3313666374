using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel train --spec credit.yaml</c>: starts TrainValidateRegisterDeploy and follows it until the
/// version waits for an approver or the workflow has ended. <c>keel train --from-lineage &lt;model&gt; &lt;version&gt;</c>
/// rebuilds a registered version from its lineage instead (<see cref="LineageRebuildReport"/>).
/// </summary>
public sealed class TrainCommand : AsyncCommand<TrainCommand.Settings>
{
    public sealed class Settings : WorkflowStartSettings
    {
        [CommandOption("--from-lineage <MODEL>")]
        [Description("Rebuild a registered version of this model from its lineage (the version follows as an argument).")]
        public string? FromLineage { get; init; }

        [CommandArgument(0, "[version]")]
        [Description("With --from-lineage: the version to rebuild.")]
        public int? Version { get; init; }

        [CommandOption("--no-wait")]
        [Description("Return once the workflow is started.")]
        public bool NoWait { get; init; }

        public override ValidationResult Validate()
        {
            if ((Spec is null) == (FromLineage is null))
            {
                return ValidationResult.Error("give exactly one of --spec <FILE> and --from-lineage <MODEL> <VERSION>");
            }
            if (FromLineage is not null)
            {
                return Version is not >= 1 ? ValidationResult.Error("--from-lineage <MODEL> <VERSION>: a version number, 1 or more")
                    : NoWait || ApprovalTimeoutText is not null || Reason is not null || InstanceId is not null || CanaryPercent is not null
                        ? ValidationResult.Error("--no-wait, --approval-timeout, --reason, --instance-id and --canary apply to --spec")
                    : ValidationResult.Success();
            }
            return Version is not null ? ValidationResult.Error("[version] applies to --from-lineage") : base.Validate();
        }
    }

    // Long enough for any training the embedded platform runs; Ctrl+C stops following sooner.
    private static readonly TimeSpan FollowLimit = TimeSpan.FromHours(2);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        if (settings.FromLineage is { } model)
        {
            return await LineageRebuildReport.RunAsync(client, model, settings.Version!.Value, settings.ActorName, cancellationToken);
        }
        var started = await settings.StartTrainingAsync(client, cancellationToken);
        var id = (string)started["instanceId"]!;
        AnsiConsole.MarkupLineInterpolated($"started {(string?)started["workflow"]} [bold]{id}[/] as {settings.ActorName}");
        if (settings.NoWait)
        {
            AnsiConsole.MarkupLineInterpolated($"follow it with: keel workflows show {id}");
            return 0;
        }

        var state = await FollowAsync(client, id, cancellationToken);
        AnsiConsole.Write(WorkflowReport.Describe(state, await WorkflowReport.RunMetricsAsync(client, state, cancellationToken)));
        if (WorkflowReport.Failure(state) is { } failure)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{failure}[/]");
            return 1;
        }
        WorkflowReport.WriteApprovalHint(state, settings.ActorName);
        if (KeelClient.IsRunning(state) && KeelClient.StepOf(state) != TrainingSteps.AwaitingApproval)
        {
            AnsiConsole.MarkupLineInterpolated($"still running after {FollowLimit}; follow it with: keel workflows show {id}");
        }
        return 0;
    }

    /// <summary>Polls the instance until it waits for approval or has ended, printing each step it is seen at.</summary>
    private static Task<JsonNode> FollowAsync(KeelClient client, string id, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        return client.WaitForWorkflowAsync(id, state =>
        {
            var step = KeelClient.StepOf(state);
            if (step is not null && step != last)
            {
                last = step;
                AnsiConsole.MarkupLineInterpolated($"  {clock.Elapsed.TotalSeconds,6:F1} s  {step}");
            }
            return step == TrainingSteps.AwaitingApproval;
        }, FollowLimit, cancellationToken);
    }
}
