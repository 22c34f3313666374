using Keel.Audit;
using Keel.Functions.Composition;
using Keel.Governance;
using Keel.Secrets;
using Keel.Secrets.Logging;
using Keel.Security.Authentication;
using Keel.Security.Authorization;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Keel.Functions.Host;

/// <summary>
/// The production host's composition: the Azure Functions isolated worker binds the same handlers the
/// embedded host runs to HTTP and Timer triggers; Dapr pushes topic events to HTTP routes. Apart from
/// <c>Program</c> so that tests build the worker's container exactly as the host does.
/// </summary>
public static class WorkerComposition
{
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        // Every HTTP trigger is authenticated and authorised by the worker itself, as in the other Keel apps.
        builder.UseMiddleware<FunctionAccess>();
        builder.Logging.AddKeelRedaction();
        builder.Services.AddKeelSecrets(builder.Configuration);
        builder.Services.AddKeelAuthentication(builder.Configuration);
        builder.Services.AddKeelAuthorization();
        builder.Services.TryAddSingleton(Keel.Functions.Security.AuditKeyFromSecrets.Resolve);
        builder.Services.AddKeelAudit(builder.Configuration);
        builder.Services.AddSingleton<Keel.Functions.Security.DeniedAccessAudit>();
        builder.Services.AddKeelFunctions(builder.Configuration);
        // Registry transitions and API keys changed through this host are audited.
        builder.Services.AddKeelGovernance(builder.Configuration);
        // Dapr pushes keel.predictions to DetectDrift here; its clock closes windows when traffic stops.
        builder.Services.AddHostedService<Keel.Functions.Handlers.DriftClock>();
        // The worker's HTTP pipeline belongs to its triggers, so Prometheus scrapes a listener of its own
        // (port 9464, OpenTelemetry's default for it) unless configured otherwise; an empty value turns it off.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [KeelTelemetry.PrometheusListenerKey] = builder.Configuration[KeelTelemetry.PrometheusListenerKey] ?? "+:9464",
        });
        builder.Services.AddKeelTelemetry(builder.Configuration, "keel-functions", prometheus: false);
        return builder;
    }
}
