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
builder.Services.AddKeelTelemetry(builder.Configuration, "keel-functions", prometheus: false);
builder.Build().Run();
