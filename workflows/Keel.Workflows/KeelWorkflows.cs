using Dapr.Workflow;
using Keel.Events;
using Keel.Kafka;
using Keel.Lifecycle;
using Keel.Monitoring;
using Keel.Workflows.Api;
using Keel.Workflows.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        options.RegisterActivity<StartCanaryActivity>();
        options.RegisterActivity<RollBackCanaryActivity>();
        options.RegisterActivity<DeployActivity>();
        options.RegisterActivity<PromoteActivity>();
        options.RegisterActivity<CompensateActivity>();
        options.RegisterActivity<PrepareRetrainActivity>();
    }

    /// <summary>
    /// Registers the life cycle's domain (<see cref="LifecycleServiceCollectionExtensions.AddKeelLifecycle"/>)
    /// and the workflows: on the local runtime when <paramref name="embedded"/> (its database at
    /// <c>Keel:Workflows:DatabasePath</c>, else under <c>Keel:DataDir</c>), else with Dapr's
    /// <c>AddDaprWorkflow</c> for the sidecar; and the consumer of <c>keel.models</c> that forwards canary
    /// recommendations to the waiting instances. The feature store, Kafka and the event publisher come
    /// from the platform's composition (<c>AddKeelFunctions</c>).
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
        // Wherever the workflows run, a canary's recommendation reaches the instance waiting for it.
        services.TryAddSingleton<ForwardCanaryRecommendations>();
        services.AddKeelKafkaConsumer(KeelTopics.Models, sp => sp.GetRequiredService<ForwardCanaryRecommendations>(), ForwardCanaryRecommendations.ConsumerGroup);
        // Drift alerts start retraining as each model's policy says, once per cool-down.
        services.AddKeelRetrainPolicy(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StartRetrainOnDrift>();
        services.AddKeelKafkaConsumer(KeelTopics.Alerts, sp => sp.GetRequiredService<StartRetrainOnDrift>(), StartRetrainOnDrift.ConsumerGroup);
        return services;
    }
}
