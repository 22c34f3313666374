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
        Client = TestCallers.Impersonating(app.Services, EmbeddedPlatform.Address(app), TimeSpan.FromSeconds(60));
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    /// <summary>An admin of the default tenant, or of the tenant and as the actor a request names (<see cref="TestCallers.Impersonating"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>A client acting for another tenant, role or person; the caller disposes it.</summary>
    public HttpClient ClientFor(string tenant, string role = Keel.Security.Permissions.KeelRoles.Admin, string user = TestCallers.User) =>
        TestCallers.Client(App.Services, EmbeddedPlatform.Address(App), tenant, role, user);

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
