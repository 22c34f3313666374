using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Dapr.Workflow.Worker;

namespace Keel.Workflows.Local;

/// <summary>
/// What the local runtime runs and where it keeps its state. Registration mirrors Dapr's
/// <see cref="WorkflowRuntimeOptions"/>: a class is registered under its class name unless a name is
/// given, the first registration of a name wins, and instances are created per use through the
/// container so activities get their dependencies injected.
/// </summary>
public sealed class LocalWorkflowRuntimeOptions
{
    private readonly List<Action<IWorkflowsFactory>> _registrations = [];
    private int _maxConcurrentActivities = 100;

    /// <summary>The SQLite file; by default <c>&lt;Keel:DataDir&gt;/workflows/workflows.db</c>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Activities running at once across all instances; further ones queue (Dapr's default is also 100).</summary>
    public int MaxConcurrentActivities
    {
        get => _maxConcurrentActivities;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxConcurrentActivities = value;
        }
    }

    public LocalWorkflowRuntimeOptions RegisterWorkflow<TWorkflow>(string? name = null) where TWorkflow : class, IWorkflow
    {
        _registrations.Add(factory => factory.RegisterWorkflow<TWorkflow>(name));
        return this;
    }

    public LocalWorkflowRuntimeOptions RegisterWorkflow<TInput, TOutput>(string name, Func<WorkflowContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(implementation);
        _registrations.Add(factory => factory.RegisterWorkflow(name, implementation));
        return this;
    }

    public LocalWorkflowRuntimeOptions RegisterActivity<TActivity>(string? name = null) where TActivity : class, IWorkflowActivity
    {
        _registrations.Add(factory => factory.RegisterActivity<TActivity>(name));
        return this;
    }

    public LocalWorkflowRuntimeOptions RegisterActivity<TInput, TOutput>(string name, Func<WorkflowActivityContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(implementation);
        _registrations.Add(factory => factory.RegisterActivity(name, implementation));
        return this;
    }

    /// <summary>
    /// Takes the registrations written for Dapr's <c>AddDaprWorkflow(options =&gt; …)</c>, so the
    /// production host and the embedded one can share one registration method.
    /// </summary>
    public LocalWorkflowRuntimeOptions UseDaprRegistrations(Action<WorkflowRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var dapr = new WorkflowRuntimeOptions();
        configure(dapr);
        _registrations.Add(dapr.ApplyRegistrations);
        return this;
    }

    internal void ApplyRegistrations(IWorkflowsFactory factory)
    {
        foreach (var registration in _registrations)
        {
            registration(factory);
        }
    }
}
