using System.Diagnostics.CodeAnalysis;
using Dapr.Workflow;
using Keel.Workflows.Local.Storage;

namespace Keel.Workflows.Local.Execution;

/// <summary>Turns: run the workflow code against one message (or one recorded step, on replay) and commit what it did.</summary>
internal sealed partial class InstanceDriver
{
    /// <summary>
    /// Rebuilds the run's in-memory state by feeding its recorded incoming steps back to the workflow
    /// code, in order and at their recorded times, with <see cref="WorkflowContext.IsReplaying"/> true.
    /// Nothing is dispatched: every call the code makes is matched to its recorded step.
    /// </summary>
    private Outcome Replay(string name, IReadOnlyList<WorkflowStep> history)
    {
        foreach (var step in history.Where(s => s.IsIncoming))
        {
            if (step.Kind == WorkflowStepKind.WorkflowStarted)
            {
                _run = NewRun(name, history);
                if (!TryCreateWorkflow(name, out var workflow, out var failure))
                {
                    return Fail(new TurnCommit(instanceId, _generation), failure);
                }

                var started = _run;
                if (!TryPump(started, step.Timestamp.UtcDateTime, replaying: true, () => started.Task = StartWorkflow(workflow, started.Context, step.Data), out var error))
                {
                    return Fail(new TurnCommit(instanceId, _generation), error);
                }
            }
            else
            {
                var run = _run ?? throw new InvalidOperationException($"The history of workflow instance '{instanceId}' has a {step.Kind} before its start.");
                if (!TryPump(run, step.Timestamp.UtcDateTime, replaying: true, () => ApplyRecorded(run.Context, step), out var error))
                {
                    return Fail(new TurnCommit(instanceId, _generation), error);
                }
            }

            if (_run.Context.Violation is { } violation)
            {
                return Fail(new TurnCommit(instanceId, _generation), violation);
            }
        }

        if (_run is null)
        {
            throw new InvalidOperationException($"The history of workflow instance '{instanceId}' has no start.");
        }

        _run.Context.EndReplay();

        // The recorded history never ends in a finished run, but changed code can finish earlier: record what it did.
        var finishedEarly = _run.Task is { IsCompleted: true } || _run.Context.ContinueAsNewRequest is not null
            || _run.SynchronizationContext.HasStrayContinuation;
        return finishedEarly ? Conclude(new TurnCommit(instanceId, _generation), DateTime.UtcNow) : Outcome.Continue;
    }

    private static void ApplyRecorded(LocalWorkflowContext context, WorkflowStep step)
    {
        if (step.Kind == WorkflowStepKind.EventRaised)
        {
            context.Raise(step.Name!, step.Data);
        }
        else
        {
            context.Complete(step);
        }
    }

    /// <summary>A live turn: applies the message, records it (when it mattered) and what the code did in reaction, commits.</summary>
    private Outcome RunTurn(TurnCommit turn, WorkflowStep incoming, Func<bool> apply)
    {
        var run = _run!;
        var now = DateTime.UtcNow;
        var applied = false;
        if (!TryPump(run, now, replaying: false, () => applied = apply(), out var error))
        {
            return Fail(turn, error);
        }

        if (applied)
        {
            Record(turn, incoming, now);
        }

        foreach (var step in run.Context.TakeEmitted())
        {
            Record(turn, step, now);
            switch (step.Kind)
            {
                case WorkflowStepKind.TimerCreated:
                    turn.TimersCreated.Add(new DurableTimer(instanceId, _generation, step.TaskId!.Value, step.FireAt!.Value.UtcDateTime));
                    break;
                case WorkflowStepKind.TimerCanceled when step.TaskId is { } taskId:
                    turn.TimersCanceled.Add(taskId);
                    break;
                case WorkflowStepKind.ChildWorkflowScheduled:
                    turn.ChildrenStarted.Add(new ChildStart(step.TaskId!.Value, step.Name!, step.RelatedInstanceId!, step.Data));
                    break;
                case WorkflowStepKind.EventSent:
                    turn.EventsSent.Add(new SentEvent(step.RelatedInstanceId!, step.Name!, step.Data));
                    break;
            }
        }

        if (run.Context.TakeCustomStatusChange(out var customStatus))
        {
            turn.CustomStatusChanged = true;
            turn.CustomStatus = customStatus;
        }

        if (_status == WorkflowRuntimeStatus.Pending)
        {
            turn.Status = WorkflowRuntimeStatus.Running;
        }

        return Conclude(turn, now);
    }

    /// <summary>Ends a turn: fails, continues as new or completes the run if the code got there, then commits.</summary>
    private Outcome Conclude(TurnCommit turn, DateTime now)
    {
        var run = _run!;
        if (run.Context.Violation is { } violation)
        {
            return Fail(turn, violation);
        }

        if (run.SynchronizationContext.HasStrayContinuation)
        {
            return Fail(turn, new InvalidOperationException(StrayContinuationMessage));
        }

        if (run.Context.ContinueAsNewRequest is { } next)
        {
            turn.ContinueAsNew = new ContinueAsNewRequest(next.Input, next.PreserveUnprocessedEvents, [.. run.Context.BufferedEvents]);
            Record(turn, new WorkflowStep { Kind = WorkflowStepKind.ContinuedAsNew, Data = next.Input }, now);
        }
        else if (run.Task is { IsCompleted: true } task)
        {
            try
            {
                var output = WorkflowJson.Serialize(task.GetAwaiter().GetResult());
                turn.Status = WorkflowRuntimeStatus.Completed;
                turn.Output = output;
                Record(turn, new WorkflowStep { Kind = WorkflowStepKind.WorkflowCompleted, Data = output }, now);
            }
            catch (Exception ex)
            {
                return Fail(turn, ex);
            }
        }

        return Commit(turn);
    }

    private Outcome Fail(TurnCommit turn, Exception exception) => Fail(turn, Failures.From(exception));

    private Outcome Fail(TurnCommit turn, WorkflowTaskFailureDetails failure)
    {
        turn.Status = WorkflowRuntimeStatus.Failed;
        turn.Failure = failure;
        turn.ContinueAsNew = null;
        Record(turn, new WorkflowStep { Kind = WorkflowStepKind.WorkflowFailed, Failure = failure });
        return Commit(turn);
    }

    /// <summary>Writes the turn, then carries out its effects: activities start, timers are armed, other instances are woken.</summary>
    private Outcome Commit(TurnCommit turn)
    {
        var woken = Store.Commit(turn);
        _status = turn.Status ?? _status;
        var outcome = turn.ContinueAsNew is not null ? Outcome.NewRun
            : WorkflowInstanceInfo.IsTerminal(_status) ? Outcome.Finished
            : Outcome.Continue;

        if (outcome == Outcome.Continue)
        {
            foreach (var step in turn.Steps.Where(s => s.Kind == WorkflowStepKind.ActivityScheduled))
            {
                runtime.RunActivity(instanceId, _generation, step);
            }

            foreach (var timer in turn.TimersCreated.Where(t => !turn.TimersCanceled.Contains(t.TaskId)))
            {
                runtime.ArmTimer(timer);
            }
        }

        foreach (var id in woken.Where(id => id != instanceId))
        {
            runtime.Wake(id);
        }

        if (outcome == Outcome.Finished)
        {
            runtime.NotifyFinished(instanceId);
        }

        return outcome;
    }

    private void Record(TurnCommit turn, WorkflowStep step, DateTime? time = null) =>
        turn.Steps.Add(step with
        {
            Sequence = _nextSequence++,
            Generation = _generation,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(time ?? DateTime.UtcNow, DateTimeKind.Utc)),
        });

    /// <summary>
    /// Runs workflow code for one turn on this instance's synchronization context. An exception that
    /// escapes it (thrown by a continuation, not returned in the workflow's task) fails the run: it
    /// would escape again on every replay.
    /// </summary>
    private static bool TryPump(WorkflowRun run, DateTime time, bool replaying, Action apply, [NotNullWhen(false)] out Exception? error)
    {
        run.Context.BeginTurn(time, replaying);
        try
        {
            run.SynchronizationContext.RunTurn(apply);
            error = null;
            return true;
        }
        catch (Exception ex)
        {
            error = ex;
            return false;
        }
    }

    private WorkflowRun NewRun(string name, IReadOnlyList<WorkflowStep> history)
    {
        var synchronizationContext = new WorkflowSynchronizationContext(Wake);
        var context = new LocalWorkflowContext(name, instanceId, _generation, history, synchronizationContext, runtime.LoggerFactory);
        return new WorkflowRun(_generation, context, synchronizationContext);
    }

    private bool TryCreateWorkflow(string name, [NotNullWhen(true)] out IWorkflow? workflow, [NotNullWhen(false)] out WorkflowTaskFailureDetails? failure)
    {
        if (runtime.Registry.TryCreateWorkflow(new(name), runtime.Services, out workflow, out var activationException))
        {
            failure = null;
            return true;
        }

        failure = activationException is null
            ? new WorkflowTaskFailureDetails("WorkflowNotFound", $"Workflow '{name}' is not registered with the local workflow runtime.")
            : new WorkflowTaskFailureDetails(activationException.GetType().FullName!,
                $"Workflow '{name}' failed to activate: {activationException.Message}", activationException.StackTrace);
        return false;
    }

    /// <summary>Starts the workflow's RunAsync; a bad input or a synchronous throw becomes the run's failed task.</summary>
    private static Task<object?> StartWorkflow(IWorkflow workflow, LocalWorkflowContext context, string? inputJson)
    {
        try
        {
            return workflow.RunAsync(context, WorkflowJson.Deserialize(inputJson, workflow.InputType));
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }
}
