using Dapr.Workflow;
using Keel.Workflows.Local.Storage;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Local.Execution;

/// <summary>
/// Drives one instance: replays its recorded history once, then applies its inbox one message at a
/// time, each message a turn that ends in one commit. One driver per instance, so an instance's steps
/// are processed sequentially while many instances run at once.
/// </summary>
internal sealed partial class InstanceDriver(LocalWorkflowRuntime runtime, string instanceId)
{
    private static readonly TimeSpan RecoveryDelay = TimeSpan.FromSeconds(1);

    private const string StrayContinuationMessage =
        "The workflow awaited a task that its WorkflowContext did not create (Task.Delay, Task.Run, I/O, a CancellationTokenSource " +
        "with a timeout or canceled with CancelAsync). Its timing cannot be recorded or replayed: use activities for work, CreateTimer for delays and " +
        "WaitForExternalEventAsync for input.";

    private readonly SemaphoreSlim _signal = new(0);
    private readonly ILogger _logger = runtime.LoggerFactory.CreateLogger<InstanceDriver>();
    private WorkflowRun? _run;
    private WorkflowRuntimeStatus _status;
    private int _generation;
    private long _nextSequence;

    private enum Outcome
    {
        Continue,
        Finished,
        NewRun,

        /// <summary>The instance's status changed: what may be applied next changed with it.</summary>
        Reload,

        /// <summary>The message cannot be applied yet and stays in the inbox.</summary>
        Skipped,
    }

    public string InstanceId => instanceId;

    private WorkflowStore Store => runtime.Store;

    /// <summary>Something new is in the inbox (or a stray continuation arrived): look again.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await DriveAsync(stopping))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The failed turn was not committed, so the store still holds a consistent instance: rebuild from it.
                _logger.LogError(ex, "Workflow instance {InstanceId}: a turn could not be completed; rebuilding it from the store.", instanceId);
                try
                {
                    await Task.Delay(RecoveryDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs the instance from its stored state; true when it has finished, false when a new run began and must be loaded.</summary>
    private async Task<bool> DriveAsync(CancellationToken stopping)
    {
        _run = null;
        var instance = Store.GetInstance(instanceId);
        if (instance is null || instance.IsCompleted)
        {
            return true;
        }

        _status = instance.Status;
        _generation = instance.Generation;
        _nextSequence = Store.NextSequence(instanceId);
        var history = Store.LoadHistory(instanceId, _generation);
        if (history.Count > 0)
        {
            switch (Replay(instance.Name, history))
            {
                case Outcome.Finished:
                    return true;
                case Outcome.NewRun:
                    return false;
            }

            ResumeTasks();
        }

        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (_run?.SynchronizationContext.HasStrayContinuation == true)
            {
                return Fail(new TurnCommit(instanceId, _generation), new InvalidOperationException(StrayContinuationMessage)) == Outcome.Finished;
            }

            var applied = false;
            foreach (var message in Store.LoadInbox(instanceId))
            {
                if (_status == WorkflowRuntimeStatus.Suspended && message.Step.Kind is not (WorkflowStepKind.WorkflowResumed or WorkflowStepKind.WorkflowTerminated))
                {
                    continue;
                }

                var outcome = Apply(instance.Name, message);
                if (outcome == Outcome.Skipped)
                {
                    continue;
                }

                applied = true;
                if (outcome == Outcome.Finished)
                {
                    return true;
                }

                if (outcome == Outcome.NewRun)
                {
                    return false;
                }

                if (outcome == Outcome.Reload)
                {
                    break;
                }
            }

            if (!applied)
            {
                await _signal.WaitAsync(stopping);
            }
        }
    }

    private Outcome Apply(string name, InboxMessage message)
    {
        var step = message.Step;
        var turn = new TurnCommit(instanceId, _generation) { ConsumedMessageId = message.Id };
        switch (step.Kind)
        {
            case WorkflowStepKind.WorkflowTerminated:
                turn.Status = WorkflowRuntimeStatus.Terminated;
                turn.Output = step.Data;
                Record(turn, new WorkflowStep { Kind = WorkflowStepKind.WorkflowTerminated, Data = step.Data });
                return Commit(turn);

            case WorkflowStepKind.WorkflowSuspended:
                if (_status is WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.Pending)
                {
                    turn.Status = WorkflowRuntimeStatus.Suspended;
                    Record(turn, new WorkflowStep { Kind = WorkflowStepKind.WorkflowSuspended, Data = step.Data });
                }

                Commit(turn);
                return Outcome.Reload;

            case WorkflowStepKind.WorkflowResumed:
                if (_status == WorkflowRuntimeStatus.Suspended)
                {
                    turn.Status = _run is null ? WorkflowRuntimeStatus.Pending : WorkflowRuntimeStatus.Running;
                    Record(turn, new WorkflowStep { Kind = WorkflowStepKind.WorkflowResumed, Data = step.Data });
                }

                Commit(turn);
                return Outcome.Reload;

            case WorkflowStepKind.WorkflowStarted when message.Generation == _generation && _run is null:
                return Start(name, turn, step);

            case WorkflowStepKind.EventRaised when _run is not null:
                return RunTurn(turn, step, () =>
                {
                    _run.Context.Raise(step.Name!, step.Data);
                    return true;
                });

            case WorkflowStepKind.EventRaised:
                // Raised before the run started; its start is applied first, so this is only a safeguard.
                return Outcome.Skipped;

            case WorkflowStepKind.ActivityCompleted or WorkflowStepKind.ActivityFailed or WorkflowStepKind.TimerFired
                or WorkflowStepKind.ChildWorkflowCompleted or WorkflowStepKind.ChildWorkflowFailed
                when message.Generation == _generation && _run is not null:
                // A result nobody waits for any more (a canceled timer) is consumed without a trace: it changed nothing.
                return RunTurn(turn, step, () => _run.Context.Complete(step));

            default:
                // A start or result of an earlier run of this id: moot.
                return Commit(turn);
        }
    }

    private Outcome Start(string name, TurnCommit turn, WorkflowStep started)
    {
        _run = NewRun(name, []);
        if (!TryCreateWorkflow(name, out var workflow, out var failure))
        {
            Record(turn, started);
            return Fail(turn, failure);
        }

        var run = _run;
        return RunTurn(turn, started, () =>
        {
            run.Task = StartWorkflow(workflow, run.Context, started.Data);
            return true;
        });
    }

    /// <summary>Redispatches what was under way when the process stopped: unfinished activities and pending timers.</summary>
    private void ResumeTasks()
    {
        foreach (var scheduled in Store.LoadUnfinishedActivities(instanceId, _generation))
        {
            runtime.RunActivity(instanceId, _generation, scheduled);
        }

        foreach (var timer in Store.LoadTimers(instanceId, _generation))
        {
            runtime.ArmTimer(timer);
        }
    }
}
