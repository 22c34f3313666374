using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Runtime;

/// <summary>
/// Loads the models of <see cref="ServingOptions.Models"/> in the background once the host
/// starts, retrying one that cannot be loaded yet (not registered, no champion) every few
/// seconds; /v2/health/ready stays false until all are loaded.
/// </summary>
public sealed class ServingStartup(ModelHost host, ILogger<ServingStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = host.Options.Models.Where(m => !string.IsNullOrWhiteSpace(m.Name)).ToList();
        while (pending.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            foreach (var model in pending.ToArray())
            {
                try
                {
                    await host.LoadAsync(model.Tenant, model.Name, model.Version, makeCurrent: true, stoppingToken);
                    pending.Remove(model);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Cannot load the configured model '{Model}' for {Tenant} yet ({Reason}); retrying in {Delay}", model.Name, model.Tenant, ex.Message, host.Options.LoadRetryDelay);
                }
            }
            if (pending.Count > 0)
            {
                await Task.Delay(host.Options.LoadRetryDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
