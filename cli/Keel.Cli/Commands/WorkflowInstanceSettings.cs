using System.ComponentModel;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>Commands about one workflow instance: <c>&lt;id&gt;</c>.</summary>
public class WorkflowInstanceSettings : ClientSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The workflow instance id.")]
    public string Id { get; init; } = "";
}
