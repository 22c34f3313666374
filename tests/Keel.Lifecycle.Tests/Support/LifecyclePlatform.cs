using Keel.Functions.Composition;
using Keel.Kafka;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Workflows;
using Keel.Workflows.Local;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>
/// The embedded platform as <c>keel up</c> composes it — feature store, embedded Kafka, tracking,
/// artifacts, registry — with the life cycle's workflows on the local runtime, in a temporary data
/// directory, seeded with the generated credit data.
/// </summary>
public sealed class LifecyclePlatform : IAsyncDisposable
{
    private readonly Action<IServiceCollection>? _replace;
    private IHost _host;

    private LifecyclePlatform(IHost host, string dataDir, Action<IServiceCollection>? replace)
    {
        _host = host;
        DataDir = dataDir;
        _replace = replace;
    }

    public string DataDir { get; }

    public IServiceProvider Services => _host.Services;

    public LocalWorkflowClient Workflows => Services.GetRequiredService<LocalWorkflowClient>();

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    public ITrackingStore Tracking => Services.GetRequiredService<ITrackingStore>();

    public IArtifactStore Artifacts => Services.GetRequiredService<IArtifactStore>();

    public string KafkaBootstrap => Services.GetRequiredService<KafkaConnection>().BootstrapServers;

    /// <param name="replace">Registrations made before the platform's own, which keep them (a publisher with an injected fault).</param>
    public static async Task<LifecyclePlatform> StartAsync(Action<IServiceCollection>? replace = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("keel-lifecycle-").FullName;
        var platform = new LifecyclePlatform(await StartHostAsync(dataDir, replace), dataDir, replace);
        await CreditData.SeedAsync(platform.Services);
        return platform;
    }

    /// <summary>Stops the process's platform and starts a new one on the same data directory, as after a deployment or a crash.</summary>
    public async Task RestartAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _host = await StartHostAsync(DataDir, _replace);
    }

    private static async Task<IHost> StartHostAsync(string dataDir, Action<IServiceCollection>? replace)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = dataDir,
            ["Keel:Kafka:EmbeddedBrokers"] = "1",
        });
        replace?.Invoke(builder.Services);
        builder.Services.AddLogging();
        builder.Services.AddKeelFunctions(builder.Configuration);
        builder.Services.AddKeelWorkflows(builder.Configuration, embedded: true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}
