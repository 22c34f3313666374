using Keel.Functions.Composition;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The production host: the Azure Functions isolated worker binds the same handlers the
// embedded host runs to HTTP and Timer triggers; Dapr pushes topic events to HTTP routes.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddKeelFunctions(builder.Configuration);
builder.Services.AddKeelTelemetry(builder.Configuration, "keel-functions", prometheus: false);
builder.Build().Run();
