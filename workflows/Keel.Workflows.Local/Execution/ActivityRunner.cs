using System.Collections.Concurrent;
using System.Diagnostics;
using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Keel.Workflows.Local.Registration;
using Keel.Workflows.Local.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Local.Execution;

/// <summary>
/// Runs activities on the thread pool, a bounded number at once, each in its own service scope (as
/// Dapr's worker does), and puts each result — or failure, with its duration and attempt — into the
/// instance's inbox, where it is durable before the workflow sees it.
/// </summary>
internal sealed class ActivityRunner(WorkflowRegistry registry, IServiceProvider services, WorkflowStore store,
    Action<string> wake, int maxConcurrent, ILogger logger)
{
    public const string SourceName = "Keel.Workflows.Local";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private volatile bool _closed;

    public void Run(string instanceId, int generation, WorkflowStep scheduled, CancellationToken stopping)
    {
        var task = Task.Run(() => ExecuteAsync(instanceId, generation, scheduled, stopping), CancellationToken.None);
        _running[task] = true;
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits for running activities until <paramref name="cancellationToken"/> fires, then stops
    /// recording results: an activity still running then runs again after the next start.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped with {Count} activities still running; they run again when the runtime next starts.", _running.Count);
        }
        finally
        {
            _closed = true;
        }
    }

    private async Task ExecuteAsync(string instanceId, int generation, WorkflowStep scheduled, CancellationToken stopping)
    {
        try
        {
            await _slots.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using var span = Source.StartActivity($"activity {scheduled.Name}");
        span?.SetTag("workflow.instance_id", instanceId);
        span?.SetTag("workflow.activity.name", scheduled.Name);
        span?.SetTag("workflow.activity.attempt", scheduled.Attempt);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            WorkflowStep result;
            try
            {
                result = await InvokeAsync(instanceId, generation, scheduled);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Activity {Activity} of workflow instance {InstanceId} failed (attempt {Attempt}).",
                    scheduled.Name, instanceId, scheduled.Attempt);
                result = new WorkflowStep { Kind = WorkflowStepKind.ActivityFailed, Failure = Failures.From(ex) };
            }

            if (result.Failure is { } failure)
            {
                span?.SetStatus(ActivityStatusCode.Error, failure.ErrorMessage);
                span?.SetTag("error.type", failure.ErrorType);
            }

            result = result with { Name = scheduled.Name, TaskId = scheduled.TaskId, Attempt = scheduled.Attempt, Duration = stopwatch.Elapsed };
            if (!_closed && store.EnqueueResult(instanceId, generation, result))
            {
                wake(instanceId);
            }
        }
        catch (Exception ex)
        {
            // The result could not be stored: the activity stays unfinished in the history and runs again after a restart.
            logger.LogError(ex, "The result of activity {Activity} of workflow instance {InstanceId} could not be stored.", scheduled.Name, instanceId);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<WorkflowStep> InvokeAsync(string instanceId, int generation, WorkflowStep scheduled)
    {
        var name = scheduled.Name!;
        await using var scope = services.CreateAsyncScope();
        if (!registry.TryCreateActivity(new TaskIdentifier(name), scope.ServiceProvider, out var activity, out var activationException))
        {
            // Error types and messages as Dapr's worker reports these two failures.
            var failure = activationException is null
                ? new WorkflowTaskFailureDetails("ActivityNotFoundException", $"Activity '{name}' not found")
                : new WorkflowTaskFailureDetails(activationException.GetType().FullName!,
                    $"Activity '{name}' failed to activate: {activationException.Message}", activationException.StackTrace);
            return new WorkflowStep { Kind = WorkflowStepKind.ActivityFailed, Failure = failure };
        }

        var taskId = scheduled.TaskId!.Value;
        var context = new LocalActivityContext(name, instanceId, $"{instanceId}:{generation}:{taskId}", taskId);
        var input = WorkflowJson.Deserialize(scheduled.Data, activity.InputType);
        var output = await activity.RunAsync(context, input);
        return new WorkflowStep { Kind = WorkflowStepKind.ActivityCompleted, Data = WorkflowJson.Serialize(output) };
    }
}
