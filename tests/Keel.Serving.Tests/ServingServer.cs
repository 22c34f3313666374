using System.Collections.Concurrent;
using Keel.ModelRegistry;
using Keel.Serving.Host;
using Keel.Serving.Runtime;
using Keel.Storage.Artifacts;
using Keel.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Tests;

/// <summary>
/// The inference service on a loopback port over a temporary data directory (SQLite registry,
/// local artifact store), with both test models registered as versions 1 (champion) and 2, and
/// its log captured.
/// </summary>
public sealed class ServingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private ServingServer(WebApplication app, string directory, LogCapture logs, Uri address)
    {
        _app = app;
        _directory = directory;
        Logs = logs;
        Client = TestCallers.Impersonating(app.Services, address, TimeSpan.FromMinutes(2), maxConnections: 128);
    }

    /// <summary>An admin of the default tenant, or of the tenant and as the actor a request names (<see cref="TestCallers.Impersonating"/>).</summary>
    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    public ModelHost Host => _app.Services.GetRequiredService<ModelHost>();

    /// <summary>Starts the service with Keel:Serving settings (keys under it, e.g. "QueueCapacity") and waits until it is ready.</summary>
    /// <param name="other">Settings outside Keel:Serving, by their full keys (e.g. Keel:Kafka:BootstrapServers).</param>
    public static async Task<ServingServer> StartAsync(IReadOnlyDictionary<string, string?>? serving = null, bool loadModel = true, bool waitUntilReady = true, IReadOnlyDictionary<string, string?>? other = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "keel-serving-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = directory,
            ["Keel:Serving:WarmupRuns"] = "2",
            // These tests load the model queue on purpose (bursts, sustained load): its 429s are under test,
            // not the per-caller limiter's, which the security suite covers.
            ["Keel:RateLimit:PermitLimit"] = "1000000",
        };
        if (loadModel)
        {
            settings["Keel:Serving:Models:0:Name"] = Loans.Model;
        }
        foreach (var (key, value) in serving ?? new Dictionary<string, string?>())
        {
            settings["Keel:Serving:" + key] = value;
        }
        foreach (var (key, value) in other ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var logs = new LogCapture();
        var app = ServingApp.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await RegisterAsync(app.Services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new ServingServer(app, directory, logs, new Uri(address));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (waitUntilReady && !(await server.Client.GetAsync("/v2/health/ready")).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not become ready");
            await Task.Delay(50);
        }
        return server;
    }

    /// <summary>Registers another version of the loan model (the next number) in the default tenant.</summary>
    public async Task<int> RegisterAsync(TrainedModel trained) =>
        await RegisterAsync(Services.GetRequiredService<IModelRegistry>(), Services.GetRequiredService<IArtifactStore>(), trained);

    /// <summary>An admin request to load a version, made by a named actor.</summary>
    public static HttpRequestMessage Load(object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/serving/models/{Loans.Model}/load") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Keel-Actor", "ops@example.com");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp directory is cleaned up anyway.
        }
    }

    /// <summary>Version 1 (alias champion) and version 2 of the loan model, in the default tenant.</summary>
    private static async Task RegisterAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        var artifacts = services.GetRequiredService<IArtifactStore>();
        await registry.GetOrCreateModelAsync("default", new NewRegisteredModel(Loans.Model, "tests"), CancellationToken.None);
        foreach (var trained in new[] { await Loans.Version1, await Loans.Version2 })
        {
            await RegisterAsync(registry, artifacts, trained);
        }
        await registry.SetAliasAsync("default", Loans.Model, ModelLoader.ChampionAlias, 1, "tests", "serving tests", CancellationToken.None);
    }

    private static async Task<int> RegisterAsync(IModelRegistry registry, IArtifactStore artifacts, TrainedModel trained)
    {
        var stored = await artifacts.PutAsync(new MemoryStream(trained.OnnxBytes), "application/onnx", CancellationToken.None);
        var version = await registry.CreateVersionAsync("default", Loans.Model, new NewModelVersion(stored.Sha256, new Lineage
        {
            DatasetSnapshotHash = new string('a', 64),
            TrainingSpecHash = trained.SpecHash,
            CodeVersion = "tests",
            RowCount = trained.TrainRows,
        })
        { RunId = Guid.NewGuid().ToString("N") }, "tests", CancellationToken.None);
        return version.Version;
    }
}

/// <summary>Keeps every log entry of the service, to assert on warnings.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
