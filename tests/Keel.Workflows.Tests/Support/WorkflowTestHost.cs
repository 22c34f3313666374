using Keel.Workflows.Local;
using Keel.Workflows.Tests.Toys;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Tests.Support;

/// <summary>
/// The runtime as a host runs it — AddKeelLocalWorkflows, the hosted service — on a SQLite file in a
/// temporary directory, which outlives restarts of the runtime within one test.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-workflows-").FullName;
    private readonly Action<LocalWorkflowRuntimeOptions> _register;
    private ServiceProvider? _provider;

    private WorkflowTestHost(Action<LocalWorkflowRuntimeOptions> register) => _register = register;

    public string DatabasePath => Path.Combine(_directory, "workflows", "workflows.db");

    public CallLog Log { get; } = new();

    public CapturingLoggerFactory Logs { get; } = new();

    public LocalWorkflowRuntime Runtime => _provider!.GetRequiredService<LocalWorkflowRuntime>();

    public LocalWorkflowClient Client => _provider!.GetRequiredService<LocalWorkflowClient>();

    public static async Task<WorkflowTestHost> StartAsync(Action<LocalWorkflowRuntimeOptions>? register = null)
    {
        var host = new WorkflowTestHost(register ?? ToyRegistrations.Register);
        await host.StartRuntimeAsync();
        return host;
    }

    /// <summary>
    /// Stops the runtime and starts a new one on the same file, after <paramref name="downtime"/>.
    /// Not graceful means activities still running are not waited for, as when the process is killed.
    /// </summary>
    public async Task RestartAsync(bool graceful = true, TimeSpan downtime = default)
    {
        await StopRuntimeAsync(graceful);
        await Task.Delay(downtime);
        await StartRuntimeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopRuntimeAsync(graceful: false);
        SqliteConnection.ClearAllPools();
        // A stop that is not graceful leaves abandoned activities that may still write a file here
        // for a moment (SQLite's journal); the temporary directory is removed once they are done.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(100);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private async Task StartRuntimeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Log);
        services.AddSingleton<ILoggerFactory>(Logs);
        services.AddKeelLocalWorkflows(options =>
        {
            options.DatabasePath = DatabasePath;
            _register(options);
        });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    private async Task StopRuntimeAsync(bool graceful)
    {
        if (_provider is null)
        {
            return;
        }

        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(new CancellationToken(canceled: !graceful));
        }

        await _provider.DisposeAsync();
        _provider = null;
    }
}
