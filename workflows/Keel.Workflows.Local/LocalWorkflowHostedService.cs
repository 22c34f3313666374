using Microsoft.Extensions.Hosting;

namespace Keel.Workflows.Local;

/// <summary>Starts the runtime with the host (resuming unfinished instances) and stops it gracefully with it.</summary>
internal sealed class LocalWorkflowHostedService(LocalWorkflowRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
