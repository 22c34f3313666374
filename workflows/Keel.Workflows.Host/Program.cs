using OpenTelemetry;
using OpenTelemetry.Trace;
using Keel.Functions.Composition;
using Keel.Functions.Security;
using Keel.Governance;
using Keel.Metering;
using Keel.Security.Authorization;
using Keel.Security.Permissions;
using Keel.Workflows;
using Keel.Workflows.Api;

// The production workflows app (Dapr app id keel-workflows): the model life cycle's workflows and
// activities registered with the Dapr sidecar's workflow engine, on the same feature store, stores and
// Kafka publisher as the functions, and a small HTTP surface to start workflows and approve versions.
var builder = WebApplication.CreateBuilder(args);
builder.AddKeelHttpSecurity();
builder.Services.AddKeelFunctions(builder.Configuration);
builder.Services.AddKeelWorkflows(builder.Configuration, embedded: false);
builder.Services.AddKeelTrainingMetering(builder.Configuration);
builder.Services.AddKeelGovernance(builder.Configuration);
builder.Services.AddKeelTelemetry(builder.Configuration, "keel-workflows", prometheus: true)
    .AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(WorkflowTelemetry.SourceName));

var app = builder.Build();
app.UseKeelHttpSecurity();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous();
app.MapGet("/health/ready", () => Results.Ok(new { status = "ready" })).AllowAnonymous();
app.MapPrometheusScrapingEndpoint("/metrics").RequirePermission(Permission.ReadMetrics);
app.MapKeelWorkflowApi();
app.Run();
