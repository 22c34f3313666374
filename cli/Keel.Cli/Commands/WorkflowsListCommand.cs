using System.ComponentModel;
using Keel.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary><c>keel workflows list</c>: the tenant's workflow instances, newest first.</summary>
public sealed class WorkflowsListCommand : AsyncCommand<WorkflowsListCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--limit <N>")]
        [Description("At most this many instances (1 to 1000).")]
        public int Limit { get; init; } = 20;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient();
        var workflows = (await client.ListWorkflowsAsync(settings.Limit, cancellationToken))["workflows"]?.AsArray() ?? [];
        if (workflows.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"no workflow instances in tenant {settings.TenantName}");
            return 0;
        }
        var table = new Table().AddColumns("instance", "workflow", "runtime status", "step", "model", "version", "created");
        foreach (var state in workflows.OfType<System.Text.Json.Nodes.JsonNode>())
        {
            var progress = state["progress"];
            var outcome = state["outcome"];
            table.AddRow(
                Markup.Escape(WorkflowReport.Id(state)),
                Markup.Escape((string?)state["workflow"] ?? ""),
                Markup.Escape((string?)state["runtimeStatus"] ?? ""),
                Markup.Escape(WorkflowReport.Status(state) is { } status ? $"{KeelClient.StepOf(state)} ({status})" : KeelClient.StepOf(state) ?? ""),
                Markup.Escape((string?)outcome?["model"] ?? (string?)progress?["model"] ?? ""),
                ((int?)outcome?["version"] ?? (int?)progress?["version"])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                WorkflowReport.Time(state["createdAt"]));
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
