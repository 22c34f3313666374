using Dapr.Workflow;

namespace Keel.Workflows.Local.Execution;

/// <summary>Failure details as Dapr's worker writes them: the exception's full type name, message and stack.</summary>
internal static class Failures
{
    public static WorkflowTaskFailureDetails From(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace);
}
