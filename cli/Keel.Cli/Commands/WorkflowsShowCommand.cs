using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel workflows show &lt;id&gt;</c>: where an instance is, how it ended and every step it took.</summary>
public sealed class WorkflowsShowCommand : AsyncCommand<WorkflowsShowCommand.Settings>
{
    public sealed class Settings : WorkflowInstanceSettings
    {
        [CommandOption("--json")]
        [Description("Print the instance and its history as one JSON object.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var state = await client.GetWorkflowAsync(settings.Id, cancellationToken);
        var history = await client.GetWorkflowHistoryAsync(settings.Id, cancellationToken);
        if (settings.Json)
        {
            state["history"] = history["steps"]?.DeepClone() ?? new JsonArray();
            // Relaxed escaping keeps '+' in time offsets and quotes in summaries readable.
            Console.WriteLine(state.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }
        AnsiConsole.Write(WorkflowReport.Describe(state, await WorkflowReport.RunMetricsAsync(client, state, cancellationToken)));
        WorkflowReport.WriteApprovalHint(state);
        AnsiConsole.Write(WorkflowReport.History(history));
        return 0;
    }
}
