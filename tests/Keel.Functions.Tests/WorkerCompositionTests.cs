using System.Reflection;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Functions.Host;
using Keel.Metering;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keel.Functions.Tests;

/// <summary>
/// The Azure Functions worker's own container, built by <see cref="WorkerComposition"/> exactly as the host's
/// Program builds it (no Functions host runs here, so the triggers are called as the worker would call them):
/// every function class resolves, and the FinOps functions work end to end inside it.
/// </summary>
public sealed class WorkerCompositionTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-worker-").FullName;
    private readonly IHost _worker;

    public WorkerCompositionTests()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The worker never starts, so nothing connects here; constructing its gRPC client needs an address.
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Keel:DataDir"] = _dataDir,
            ["Keel:Telemetry:PrometheusListener"] = "",
            ["Keel:Costs:PriceBook:Currency"] = "EUR",
            ["Keel:Costs:PriceBook:Prices:0:Kind"] = "cpu",
            ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "0.00002",
            ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2020-01-01T00:00:00Z",
            ["Keel:Retention:Tenants:acme:ExperimentArtifacts:OlderThanDays"] = "30",
        });
        _worker = WorkerComposition.Configure(builder).Build();
    }

    public void Dispose()
    {
        _worker.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp directory is cleaned eventually.
        }
    }

    [Fact]
    public void Every_function_class_resolves_from_the_workers_container()
    {
        var classes = typeof(WorkerComposition).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToArray();

        Assert.NotEmpty(classes);
        foreach (var type in classes)
        {
            // The worker activates function classes the same way: constructor injection from its container.
            Assert.NotNull(ActivatorUtilities.CreateInstance(_worker.Services, type));
        }
        Assert.Contains(_worker.Services.GetServices<IHostedService>(), s => s is PriceBookChangeAudit);
    }

    [Fact]
    public async Task Metered_usage_pushed_to_RecordCosts_is_priced_by_GetCostReport_in_the_worker()
    {
        var costs = Function<CostReportFunctions>();
        var hour = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var usage = new UsageRecord("worker-test-1", MeteredActivity.Training, new PriceKey(ResourceKind.Cpu), 3_600m, hour, hour.AddHours(1), "cpu",
            new AttributionTags(tenant: "acme", team: "risk", model: "credit_risk", version: "1"));
        var push = Request("acme", HttpMethods.Post, "/api/dapr/record-costs", body: CloudEventCodec.Default.Encode(CostMeteredEvent.Create(usage, hour.AddHours(1))));

        var pushed = await ExecuteAsync(push, await costs.RecordCosts(push.Request, CancellationToken.None));
        var report = Request("acme", HttpMethods.Get, "/api/costs/report", "?by=team&from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z");
        var answered = await ExecuteAsync(report, await costs.GetCostReport(report.Request, CancellationToken.None));

        Assert.True(pushed.Status is >= 200 and < 300, pushed.Body);
        Assert.Equal(200, answered.Status);
        var json = JsonNode.Parse(answered.Body)!;
        Assert.Equal("EUR", (string?)json["currency"]);
        Assert.Equal(0.072m, (decimal)json["total_unrounded"]!);
        Assert.Equal("risk", (string?)json["rows"]![0]!["key"]);
    }

    [Fact]
    public async Task The_lifecycle_and_storage_timers_and_the_lifecycle_route_run_in_the_worker()
    {
        var retention = Function<RetentionFunctions>();
        var costs = Function<CostReportFunctions>();
        var batches = Function<BatchScoringFunctions>();

        await retention.ApplyRetention(new TimerInfo(), CancellationToken.None);
        await costs.MeterStorage(new TimerInfo(), CancellationToken.None);
        await batches.ScoreBatches(new TimerInfo(), CancellationToken.None);
        var dryRun = Request("acme", HttpMethods.Post, "/api/lifecycle/apply");
        var answered = await ExecuteAsync(dryRun, await retention.ApplyRetentionNow(dryRun.Request, CancellationToken.None));

        Assert.Equal(200, answered.Status);
        var report = JsonNode.Parse(answered.Body)!;
        Assert.Contains("dry", report["mode"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["acme"], report["actingTenants"]!.AsArray().Select(t => (string)t!));
    }

    private T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_worker.Services);

    /// <summary>A request as the worker's ASP.NET Core integration hands it over once FunctionAccess authenticated the caller.</summary>
    private DefaultHttpContext Request(string tenant, string method, string path, string query = "", byte[]? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = _worker.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.ContentType = "application/cloudevents+json";
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        context.Response.Body = new MemoryStream();
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(KeelClaims.Subject, "worker-test"), new Claim(KeelClaims.Tenant, tenant), new Claim(KeelClaims.Role, "admin")], "test"));
        return context;
    }

    private static async Task<(int Status, string Body)> ExecuteAsync(HttpContext context, IResult result)
    {
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
