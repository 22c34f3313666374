namespace Keel.Cli.Commands;

/// <summary><c>keel workflows reject &lt;id&gt; [--comment]</c>: rejects the version an instance waits on (it is archived), as <c>--actor</c>.</summary>
public sealed class WorkflowsRejectCommand() : WorkflowDecisionCommand(approved: false);
