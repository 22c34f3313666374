using Dapr.Workflow;
using Keel.Lifecycle;
using Keel.Workflows.Api;
using Keel.Workflows.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Workflows;

/// <summary>
/// Registers Keel's workflows and activities. <see cref="Register"/> is the one list of them, handed
/// to Dapr's <c>AddDaprWorkflow</c> in production and to the local runtime in the embedded default,
/// so both run exactly the same classes under the same names.
/// </summary>
public static class KeelWorkflows
{
    public static void Register(WorkflowRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RegisterWorkflow<TrainValidateRegisterDeploy>();
        options.RegisterWorkflow<Retrain>();
        options.RegisterActivity<BuildTrainingSetActivity>();
        options.RegisterActivity<TrainActivity>();
        options.RegisterActivity<EvaluateActivity>();
        options.RegisterActivity<RunGatesActivity>();
        options.RegisterActivity<FailRunActivity>();
        options.RegisterActivity<RegisterActivity>();
        options.RegisterActivity<RequestApprovalActivity>();
        options.RegisterActivity<ReviewApprovalActivity>();
        options.RegisterActivity<RejectActivity>();
        options.RegisterActivity<DeployActivity>();
        options.RegisterActivity<PromoteActivity>();
        options.RegisterActivity<CompensateActivity>();
        options.RegisterActivity<PrepareRetrainActivity>();
    }

    /// <summary>
    /// Registers the life cycle's domain (<see cref="LifecycleServiceCollectionExtensions.AddKeelLifecycle"/>)
    /// and the workflows: on the local runtime when <paramref name="embedded"/> (its database at
    /// <c>Keel:Workflows:DatabasePath</c>, else under <c>Keel:DataDir</c>), else with Dapr's
    /// <c>AddDaprWorkflow</c> for the sidecar. The feature store and the event publisher come from the
    /// platform's composition (<c>AddKeelFunctions</c>).
    /// </summary>
    public static IServiceCollection AddKeelWorkflows(this IServiceCollection services, IConfiguration configuration, bool embedded)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelLifecycle(configuration);
        if (embedded)
        {
            var databasePath = configuration["Keel:Workflows:DatabasePath"];
            services.AddKeelLocalWorkflows(options =>
            {
                if (!string.IsNullOrWhiteSpace(databasePath))
                {
                    options.DatabasePath = Path.GetFullPath(databasePath);
                }
                options.UseDaprRegistrations(Register);
            });
            services.AddSingleton<IWorkflowGateway, LocalWorkflowGateway>();
        }
        else
        {
            services.AddDaprWorkflow(Register);
            services.AddSingleton<IWorkflowGateway, DaprWorkflowGateway>();
        }
        return services;
    }
}
