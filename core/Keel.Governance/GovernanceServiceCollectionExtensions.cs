using Keel.Audit;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Security.ApiKeys;
using Keel.Serving.Deployments;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Governance;

public static class GovernanceServiceCollectionExtensions
{
    // The key the decorated services' original registrations are kept under.
    private const string InnerKey = "keel.governance.audited";

    /// <summary>
    /// Records nothing unless <see cref="AddKeelGovernance"/> is also called: for hosts whose workflow steps
    /// are to resolve an <see cref="IGovernanceRecorder"/> without an audit log. The steps work without any.
    /// </summary>
    public static IServiceCollection AddKeelGovernanceRecorder(this IServiceCollection services)
    {
        services.TryAddSingleton<IGovernanceRecorder>(NoGovernanceRecorder.Instance);
        return services;
    }

    /// <summary>
    /// Appends every change of a model's life, deployment plan and API key to the audit log (<c>Keel:Audit</c>):
    /// decorates the <see cref="IModelRegistry"/>, <see cref="IDeploymentPlanStore"/> and <see cref="IApiKeyStore"/>
    /// registered so far (those a host lacks are left out), and, where the host has the model stores, records
    /// the workflow steps' gate results, approvals and canary rollbacks (<see cref="AuditGovernanceRecorder"/>).
    /// Call it after the host's own registrations, so that there is something to decorate; calling it again
    /// decorates nothing twice.
    /// </summary>
    public static IServiceCollection AddKeelGovernance(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelAudit(configuration);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<AuditActors>();
        // The recorder reads the registered versions' gate reports: only a host with the model stores runs the steps it serves.
        if (Registered<IModelRegistry>(services) && Registered<IArtifactStore>(services))
        {
            services.TryAddSingleton<VersionGateReports>();
            services.RemoveAll<IGovernanceRecorder>();
            services.AddSingleton<IGovernanceRecorder, AuditGovernanceRecorder>();
        }
        else
        {
            services.AddKeelGovernanceRecorder();
        }

        var decorated = new[]
        {
            ServiceDecoration.Decorate<IModelRegistry>(services, InnerKey, (sp, inner) => new AuditedModelRegistry(inner, Log(sp), Actors(sp))),
            ServiceDecoration.Decorate<IDeploymentPlanStore>(services, InnerKey, (sp, inner) => new AuditedDeploymentPlanStore(inner, Log(sp), Actors(sp))),
            ServiceDecoration.Decorate<IApiKeyStore>(services, InnerKey, (sp, inner) => new AuditedApiKeyStore(inner, Log(sp), Actors(sp))),
        };
        if (!decorated.Any(d => d))
        {
            // Called before the host registered its stores, every change would go unaudited without a word.
            throw new InvalidOperationException(
                "AddKeelGovernance found no model registry, deployment plan store or API key store to audit; call it after the host's own registrations.");
        }
        return services;
    }

    /// <summary>
    /// The governance answer for a prediction id (<see cref="PredictionGovernance"/>) and the index it reads
    /// (<c>Keel:Governance</c>; <c>governance/predictions.db</c> under <c>Keel:DataDir</c>), fed by
    /// <see cref="IndexPredictions"/>, which the host subscribes to <c>keel.predictions</c>. The model stores,
    /// the tracking store and the feature store (for training sets) come from the host's composition.
    /// </summary>
    public static IServiceCollection AddKeelPredictionGovernance(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelAudit(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<GovernanceOptions>().Bind(configuration.GetSection(GovernanceOptions.Section)).Validate(options =>
        {
            options.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPredictionIndex>(sp =>
        {
            var path = sp.GetRequiredService<IOptions<GovernanceOptions>>().Value.PredictionIndexPath;
            return new SqlitePredictionIndex(string.IsNullOrWhiteSpace(path)
                ? sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("governance", "predictions.db")
                : Path.GetFullPath(path));
        });
        services.TryAddSingleton<IndexPredictions>();
        services.TryAddSingleton<DatasetSnapshots>();
        services.TryAddSingleton<VersionGateReports>();
        services.TryAddSingleton<ApprovalHistory>();
        services.TryAddSingleton<VersionExplainers>();
        services.TryAddSingleton<PredictionExplanations>();
        services.TryAddSingleton<PredictionGovernance>();
        return services;
    }

    private static bool Registered<TService>(IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);

    private static IAuditLog Log(IServiceProvider services) => services.GetRequiredService<IAuditLog>();

    private static AuditActors Actors(IServiceProvider services) => services.GetRequiredService<AuditActors>();
}
