using Microsoft.Extensions.Configuration;
using Keel.Functions.Composition;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The production host: the Azure Functions isolated worker binds the same handlers the
// embedded host runs to HTTP and Timer triggers; Dapr pushes topic events to HTTP routes.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddKeelFunctions(builder.Configuration);
// Dapr pushes keel.predictions to DetectDrift here; its clock closes windows when traffic stops.
builder.Services.AddHostedService<Keel.Functions.Handlers.DriftClock>();
// The worker's HTTP pipeline belongs to its triggers, so Prometheus scrapes a listener of its own
// (port 9464, OpenTelemetry's default for it) unless configured otherwise; an empty value turns it off.
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    [KeelTelemetry.PrometheusListenerKey] = builder.Configuration[KeelTelemetry.PrometheusListenerKey] ?? "+:9464",
});
builder.Services.AddKeelTelemetry(builder.Configuration, "keel-functions", prometheus: false);
builder.Build().Run();
