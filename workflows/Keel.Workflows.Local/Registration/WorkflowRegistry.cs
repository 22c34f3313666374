using System.Diagnostics.CodeAnalysis;
using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Dapr.Workflow.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Workflows.Local.Registration;

/// <summary>
/// Dapr's <see cref="IWorkflowsFactory"/> contract implemented for the local runtime, so the SDK's
/// own <see cref="WorkflowRuntimeOptions.ApplyRegistrations"/> can fill it.
/// </summary>
internal sealed class WorkflowRegistry : IWorkflowsFactory
{
    private readonly Dictionary<string, Func<IServiceProvider, IWorkflow>> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, IWorkflowActivity>> _activities = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> WorkflowNames => _workflows.Keys;

    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    public bool HasWorkflow(string name) => _workflows.ContainsKey(name);

    public void RegisterWorkflow<TWorkflow>(string? name = null) where TWorkflow : class, IWorkflow =>
        _workflows.TryAdd(name ?? typeof(TWorkflow).Name, sp => ActivatorUtilities.CreateInstance<TWorkflow>(sp));

    public void RegisterWorkflow<TInput, TOutput>(string name, Func<WorkflowContext, TInput, Task<TOutput>> implementation) =>
        _workflows.TryAdd(name, _ => new FunctionWorkflow<TInput, TOutput>(implementation));

    public void RegisterActivity<TActivity>(string? name = null) where TActivity : class, IWorkflowActivity =>
        _activities.TryAdd(name ?? typeof(TActivity).Name, sp => ActivatorUtilities.CreateInstance<TActivity>(sp));

    public void RegisterActivity<TInput, TOutput>(string name, Func<WorkflowActivityContext, TInput, Task<TOutput>> implementation) =>
        _activities.TryAdd(name, _ => new FunctionActivity<TInput, TOutput>(implementation));

    public bool TryCreateWorkflow(TaskIdentifier identifier, IServiceProvider serviceProvider,
        [NotNullWhen(true)] out IWorkflow? workflow, out Exception? activationException) =>
        TryCreate(_workflows, identifier.Name, serviceProvider, out workflow, out activationException);

    public bool TryCreateActivity(TaskIdentifier identifier, IServiceProvider serviceProvider,
        [NotNullWhen(true)] out IWorkflowActivity? activity, out Exception? activationException) =>
        TryCreate(_activities, identifier.Name, serviceProvider, out activity, out activationException);

    private static bool TryCreate<T>(Dictionary<string, Func<IServiceProvider, T>> factories, string name,
        IServiceProvider serviceProvider, [NotNullWhen(true)] out T? created, out Exception? activationException)
        where T : class
    {
        created = null;
        activationException = null;
        if (!factories.TryGetValue(name, out var factory))
        {
            return false;
        }

        try
        {
            created = factory(serviceProvider);
            return true;
        }
        catch (Exception ex)
        {
            activationException = ex;
            return false;
        }
    }

    /// <summary>A workflow registered as a function; it implements the SDK interface directly, as the function carries no state.</summary>
    private sealed class FunctionWorkflow<TInput, TOutput>(Func<WorkflowContext, TInput, Task<TOutput>> run) : IWorkflow
    {
        public Type InputType => typeof(TInput);

        public Type OutputType => typeof(TOutput);

        public async Task<object?> RunAsync(WorkflowContext context, object? input) => await run(context, (TInput)input!);
    }

    private sealed class FunctionActivity<TInput, TOutput>(Func<WorkflowActivityContext, TInput, Task<TOutput>> run) : IWorkflowActivity
    {
        public Type InputType => typeof(TInput);

        public Type OutputType => typeof(TOutput);

        public async Task<object?> RunAsync(WorkflowActivityContext context, object? input) => await run(context, (TInput)input!);
    }
}
