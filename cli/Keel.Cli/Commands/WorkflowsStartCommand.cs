using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel workflows start --spec credit.yaml | --retrain credit_risk</c>: starts a training or a
/// retraining and prints the instance id without following it.
/// </summary>
public sealed class WorkflowsStartCommand : AsyncCommand<WorkflowsStartCommand.Settings>
{
    public sealed class Settings : WorkflowStartSettings
    {
        [CommandOption("--retrain <MODEL>")]
        [Description("Retrain this registered model from its latest version's spec on fresh data.")]
        public string? Retrain { get; init; }

        public override ValidationResult Validate() =>
            (Spec is null) == (Retrain is null)
                ? ValidationResult.Error("give exactly one of --spec <FILE> and --retrain <MODEL>")
                : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var started = settings.Retrain is { } model
            ? await client.StartRetrainAsync(model, settings.ActorName, settings.ApprovalTimeout, settings.Reason, settings.InstanceId, cancellationToken, settings.Canary)
            : await settings.StartTrainingAsync(client, cancellationToken);
        var id = (string)started["instanceId"]!;
        var approvals = (string?)started["approvalInstanceId"] ?? id;
        AnsiConsole.MarkupLineInterpolated($"started {(string?)started["workflow"]} [bold]{id}[/] as {settings.ActorName}");
        AnsiConsole.MarkupLineInterpolated($"follow it with: keel workflows show {id}");
        if (approvals != id)
        {
            AnsiConsole.MarkupLineInterpolated($"its approval goes to instance {approvals}");
        }
        return 0;
    }
}
