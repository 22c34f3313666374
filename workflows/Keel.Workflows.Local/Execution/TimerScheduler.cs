using Keel.Workflows.Local.Storage;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Local.Execution;

/// <summary>
/// Waits for durable timers in memory and, when one is due, moves it into its instance's inbox. The
/// timer row is the durable part: a timer armed before a restart is armed again from it afterwards.
/// </summary>
internal sealed class TimerScheduler(WorkflowStore store, Action<string> wake, ILogger logger)
{
    // Task.Delay takes at most about 49 days; longer timers wait in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public void Arm(DurableTimer timer, CancellationToken stopping) => _ = FireWhenDueAsync(timer, stopping);

    private async Task FireWhenDueAsync(DurableTimer timer, CancellationToken stopping)
    {
        try
        {
            for (var remaining = timer.FireAt - DateTime.UtcNow; remaining > TimeSpan.Zero; remaining = timer.FireAt - DateTime.UtcNow)
            {
                await Task.Delay(remaining < LongestWait ? remaining : LongestWait, stopping);
            }

            while (true)
            {
                try
                {
                    if (store.FireTimer(timer))
                    {
                        wake(timer.InstanceId);
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Timer {TaskId} of workflow instance {InstanceId} could not fire; retrying.", timer.TaskId, timer.InstanceId);
                    await Task.Delay(RetryDelay, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the timer row stays and is armed again at the next start.
        }
    }
}
