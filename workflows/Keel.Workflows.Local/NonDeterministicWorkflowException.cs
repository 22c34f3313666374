namespace Keel.Workflows.Local;

/// <summary>
/// Replaying an instance's history, the workflow code asked for a different step than the one it
/// recorded: the code changed, or it depends on something other than its input and the results the
/// context returned (clock, random numbers, I/O). The instance is failed with this as the reason,
/// because continuing would mix two different runs.
/// </summary>
public sealed class NonDeterministicWorkflowException(string message) : InvalidOperationException(message);
