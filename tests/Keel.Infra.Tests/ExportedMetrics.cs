using System.Net.Http.Json;
using Keel.Decay.Tracking;
using Keel.Functions.Embedded;
using Keel.Serving.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Infra.Tests;

/// <summary>
/// The series names Keel's apps expose to Prometheus, read from their own <c>/metrics</c>: the
/// embedded platform (the telemetry of the functions and workflows apps, <c>AddKeelTelemetry</c>)
/// and the inference service, each started with its real composition, with every Keel instrument
/// made to record once and one HTTP request served.
/// </summary>
public sealed class ExportedMetrics : IAsyncLifetime
{
    // What Prometheus asks for: OpenMetrics first, the classic text format otherwise.
    private const string PrometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-infra-").FullName;
    private readonly InstrumentExercise _exercise = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(60) };
    private WebApplication? _platform;
    private WebApplication? _serving;

    /// <summary>Each app's scrape, by app.</summary>
    public IReadOnlyDictionary<string, string> Scrapes { get; private set; } = new Dictionary<string, string>();

    public IReadOnlySet<string> Names { get; private set; } = new HashSet<string>();

    public IReadOnlyCollection<System.Diagnostics.Metrics.Instrument> Instruments => _exercise.Instruments;

    public async Task InitializeAsync()
    {
        _platform = StartPlatform();
        await _platform.StartAsync();
        _serving = await StartServingAsync();

        InstrumentExercise.CreateStaticMeters();
        InstrumentExercise.ResolveOwners(_platform.Services);
        InstrumentExercise.ResolveOwners(_serving.Services);
        _exercise.RecordOnce();
        // The decay gauges are observed from what the tracker last measured; give them a version to report.
        var decay = _platform.Services.GetRequiredService<DecayTelemetry>();
        var version = new Keel.Decay.Storage.VersionKey("default", TinyModel.Name, 1);
        decay.Record(version, new Dictionary<string, double> { ["auc"] = 0.8 });
        decay.Baseline(version, new Dictionary<string, double> { ["auc"] = 0.85 });

        (await _client.GetAsync(new Uri(Address(_platform), "/health/live"))).EnsureSuccessStatusCode();
        using (var infer = new HttpRequestMessage(HttpMethod.Post, new Uri(Address(_serving), $"/v2/models/{TinyModel.Name}/infer")) { Content = JsonContent.Create(TinyModel.Request()) })
        {
            infer.Headers.Authorization = TestCallers.Bearer(_serving.Services);
            (await _client.SendAsync(infer)).EnsureSuccessStatusCode();
        }

        await GiveAConsumerSomethingToReadAsync();

        Scrapes = new Dictionary<string, string>
        {
            ["keel (embedded platform)"] = await ScrapeAsync(_platform),
            ["keel-serving"] = await ScrapeAsync(_serving),
        };
        Names = Scrapes.Values.SelectMany(Exposition.SeriesNames).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Consumer lag is measured per partition a consumer has read from: one feedback event (refused by
    /// its handler for want of a prediction id, and dead-lettered) gives the platform's consumers one.
    /// </summary>
    private async Task GiveAConsumerSomethingToReadAsync()
    {
        var feedback = new CloudNative.CloudEvents.CloudEvent(CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0, Keel.Events.KeelAttributes.All)
        {
            Id = Guid.NewGuid().ToString("N"),
            Source = new Uri("/keel/tests/infra", UriKind.Relative),
            Type = Keel.Events.KeelEventTypes.FeedbackLabel,
            Time = DateTimeOffset.UtcNow,
            DataContentType = "application/json",
            Data = new System.Text.Json.Nodes.JsonObject { ["label"] = "good" },
        };
        await _platform!.Services.GetRequiredService<Keel.Events.Messaging.IEventPublisher>().PublishAsync(Keel.Events.KeelTopics.Feedback, [feedback], CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await ScrapeAsync(_platform)).Contains("keel_kafka_consumer_lag", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "no consumer of the embedded platform measured its lag");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        foreach (var app in new[] { _serving, _platform })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        _exercise.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file a moment longer; the temporary folder goes with the rest.
        }
    }

    private WebApplication StartPlatform()
    {
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions { Port = 0, DataDir = Path.Combine(_dataDir, "platform") });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return EmbeddedPlatform.Build(builder);
    }

    private async Task<WebApplication> StartServingAsync()
    {
        var app = ServingApp.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Keel:DataDir"] = Path.Combine(_dataDir, "serving"),
                ["Keel:Serving:WarmupRuns"] = "1",
                ["Keel:Serving:Models:0:Name"] = TinyModel.Name,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await TinyModel.RegisterAsync(app.Services);
        await app.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await _client.GetAsync(new Uri(Address(app), "/v2/health/ready"))).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, "the inference service did not become ready");
            await Task.Delay(50);
        }
        return app;
    }

    private async Task<string> ScrapeAsync(WebApplication app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address(app), "/metrics"));
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        request.Headers.Authorization = TestCallers.Bearer(app.Services, role: Keel.Security.Permissions.KeelRoles.Service);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
