using Keel.Functions.Embedded;
using Keel.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Tests;

/// <summary>
/// The embedded platform started for real on a loopback port with its own data directory and
/// embedded Kafka cluster, and an HTTP client pointed at it.
/// </summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private RunningPlatform(WebApplication app, string dataDir)
    {
        App = app;
        DataDir = dataDir;
        Client = new HttpClient { BaseAddress = EmbeddedPlatform.Address(app), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public string BootstrapServers => Services.GetRequiredService<KafkaConnection>().BootstrapServers;

    public static async Task<RunningPlatform> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("keel-platform-").FullName;
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions
        {
            Port = 0,
            DataDir = dataDir,
            Settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Keel:Kafka:Consumer:MaxBatchWait"] = "00:00:00.050",
            },
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = EmbeddedPlatform.Build(builder);
        await app.StartAsync();
        return new RunningPlatform(app, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
