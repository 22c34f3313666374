using System.Collections.Concurrent;
using Keel.Storage;
using Keel.Workflows.Local.Execution;
using Keel.Workflows.Local.Registration;
using Keel.Workflows.Local.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Workflows.Local;

/// <summary>
/// Runs Dapr <c>Workflow&lt;,&gt;</c> and <c>WorkflowActivity&lt;,&gt;</c> classes in-process, with
/// instances, step history, inboxes and timers in SQLite. Execution is replay-based, as in Durable
/// Task: after a restart each unfinished instance runs its workflow code again from the start, gets
/// its recorded results back (with <c>IsReplaying</c> true) and carries on from where it stopped.
/// </summary>
public sealed class LocalWorkflowRuntime : IAsyncDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that traces activity executions.</summary>
    public const string ActivitySourceName = ActivityRunner.SourceName;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (InstanceDriver Driver, Task Task)> _drivers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finishSignals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ActivityRunner _activities;
    private readonly TimerScheduler _timers;
    private readonly ILogger _logger;
    private bool _started;
    private FileStream? _ownership;

    public LocalWorkflowRuntime(IOptions<LocalWorkflowRuntimeOptions> options, IOptions<StorageOptions> storage,
        IServiceProvider services, ILoggerFactory? loggerFactory = null)
    {
        var settings = options.Value;
        Services = services;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<LocalWorkflowRuntime>();
        settings.ApplyRegistrations(Registry);
        Store = new WorkflowStore(settings.DatabasePath ?? storage.Value.Resolve("workflows", "workflows.db"));
        _activities = new ActivityRunner(Registry, services, Store, Wake, settings.MaxConcurrentActivities, LoggerFactory.CreateLogger<ActivityRunner>());
        _timers = new TimerScheduler(Store, Wake, LoggerFactory.CreateLogger<TimerScheduler>());
    }

    /// <summary>The SQLite file holding instances and their history.</summary>
    public string DatabasePath => Store.Path;

    public IReadOnlyCollection<string> RegisteredWorkflows => Registry.WorkflowNames;

    public IReadOnlyCollection<string> RegisteredActivities => Registry.ActivityNames;

    internal WorkflowStore Store { get; }

    internal WorkflowRegistry Registry { get; } = new();

    internal IServiceProvider Services { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Starts running: every instance left pending, running or suspended is picked up and resumed by replay.</summary>
    /// <exception cref="InvalidOperationException">Another runtime, in this process or another, runs on the same file.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_started)
            {
                return Task.CompletedTask;
            }

            _ownership = TakeOwnership(Store.Path);
            _started = true;
        }

        var unfinished = Store.LoadActiveInstanceIds();
        _logger.LogInformation("Local workflow runtime started on {Path}: {Count} unfinished instances to resume.", Store.Path, unfinished.Count);
        foreach (var instanceId in unfinished)
        {
            Wake(instanceId);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops gracefully: each instance finishes the turn it is in, and running activities may finish
    /// and record their results until <paramref name="cancellationToken"/> fires. Whatever was under
    /// way stays recorded and continues at the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task[] drivers;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            drivers = [.. _drivers.Values.Select(d => d.Task)];
        }

        await Task.WhenAll(drivers);
        await _activities.DrainAsync(cancellationToken);
        if (_ownership is not null)
        {
            await _ownership.DisposeAsync();
        }

        _logger.LogInformation("Local workflow runtime stopped.");
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing is the abrupt stop: activities still running are not waited for and run again at the next start.
        await StopAsync(new CancellationToken(canceled: true));
    }

    /// <summary>Completes when the instance may have finished; callers check the store again.</summary>
    internal Task FinishSignal(string instanceId) =>
        _finishSignals.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void NotifyFinished(string instanceId)
    {
        if (_finishSignals.TryRemove(instanceId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Makes sure the instance's driver runs and looks at its inbox.</summary>
    internal void Wake(string instanceId)
    {
        lock (_gate)
        {
            if (!_started || _stopping.IsCancellationRequested)
            {
                return;
            }

            if (_drivers.TryGetValue(instanceId, out var running))
            {
                running.Driver.Wake();
                return;
            }

            var driver = new InstanceDriver(this, instanceId);
            _drivers[instanceId] = (driver, Task.Run(() => DriveAsync(driver)));
        }
    }

    internal void RunActivity(string instanceId, int generation, WorkflowStep scheduled)
    {
        if (!_stopping.IsCancellationRequested)
        {
            _activities.Run(instanceId, generation, scheduled, _stopping.Token);
        }
    }

    internal void ArmTimer(DurableTimer timer)
    {
        if (!_stopping.IsCancellationRequested)
        {
            _timers.Arm(timer, _stopping.Token);
        }
    }

    /// <summary>
    /// Two runtimes driving the same instances would run their activities twice and interleave their
    /// turns; an exclusively opened lock file next to the database keeps it to one.
    /// </summary>
    private static FileStream TakeOwnership(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another local workflow runtime is running on {databasePath} (it holds {lockPath}); only one may drive a workflow store.", ex);
        }
    }

    private async Task DriveAsync(InstanceDriver driver)
    {
        try
        {
            await driver.RunAsync(_stopping.Token);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The driver of workflow instance {InstanceId} stopped unexpectedly.", driver.InstanceId);
        }

        lock (_gate)
        {
            _drivers.Remove(driver.InstanceId);
        }

        // A finished id may have been reused for a new run while this driver was ending.
        try
        {
            if (!_stopping.IsCancellationRequested && Store.GetInstance(driver.InstanceId) is { IsCompleted: false })
            {
                Wake(driver.InstanceId);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Workflow instance {InstanceId} could not be checked after its driver ended.", driver.InstanceId);
        }
    }
}
