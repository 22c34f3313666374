namespace Keel.Cli.Commands;

/// <summary><c>keel workflows approve &lt;id&gt; [--comment]</c>: approves the version an instance waits on, as <c>--actor</c>.</summary>
public sealed class WorkflowsApproveCommand() : WorkflowDecisionCommand(approved: true);
