using System.Diagnostics;
using Dapr.Workflow;
using Keel.Workflows.Local;

namespace Keel.Workflows;

/// <summary>
/// A workflow activity that runs in a span of its own (<c>activity {name}</c> on the <c>Keel.Workflows</c>
/// source, <see cref="WorkflowTelemetry"/>), so the Dapr host traces every activity as the embedded runtime does. Where the embedded
/// runtime already opened the activity's span, that span is the one: the run is not spanned twice.
/// </summary>
public abstract class TracedActivity<TInput, TOutput> : WorkflowActivity<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(WorkflowActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Identifier.Name;
        var spanName = "activity " + name;
        using var span = Activity.Current is { } current && current.Source.Name == LocalWorkflowRuntime.ActivitySourceName && current.OperationName == spanName
            ? null
            : WorkflowTelemetry.Source.StartActivity(spanName);
        span?.SetTag("workflow.instance_id", context.InstanceId);
        span?.SetTag("workflow.activity.name", name);
        try
        {
            return await ExecuteAsync(context, input);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            span?.SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }

    protected abstract Task<TOutput> ExecuteAsync(WorkflowActivityContext context, TInput input);
}
