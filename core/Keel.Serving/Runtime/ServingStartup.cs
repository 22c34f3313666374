using Keel.ModelRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Runtime;

/// <summary>
/// Loads the models of <see cref="ServingOptions.Models"/> in the background once the host
/// starts, retrying one that cannot be loaded yet (not registered, no champion) every few
/// seconds; /v2/health/ready stays false until all are loaded. A host that follows every
/// deployment (<see cref="ServingOptions.FollowAllDeployments"/>, as <c>keel up</c> does) also
/// loads, once, every model of every tenant that has a champion or a Production version: what
/// it served before it stopped, whose deployment events a fresh event log no longer holds.
/// </summary>
public sealed class ServingStartup(ModelHost host, IModelRegistry registry, ModelLoader loader, ILogger<ServingStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = host.Options.Models.Where(m => !string.IsNullOrWhiteSpace(m.Name)).Select(m => (m.Tenant, m.Name, m.Version)).ToList();
        if (host.Options.FollowAllDeployments)
        {
            await RestoreDeployedAsync(pending, stoppingToken);
        }
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

    /// <summary>Loads every deployed model not configured anyway; one that fails is logged and left to the next deployment.</summary>
    private async Task RestoreDeployedAsync(List<(string Tenant, string Name, int? Version)> configured, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var tenant in await registry.TenantsAsync(stoppingToken))
            {
                foreach (var model in await registry.ListModelsAsync(tenant, stoppingToken))
                {
                    if (configured.Any(c => c.Tenant == tenant && c.Name == model.Name)
                        || await loader.DeployedAsync(tenant, model.Name, stoppingToken) is not { } deployed)
                    {
                        continue;
                    }
                    try
                    {
                        var loaded = await host.LoadAsync(tenant, model.Name, deployed.Version, makeCurrent: true, stoppingToken);
                        logger.LogInformation("Serving {Model} version {Version} of {Tenant} again, as deployed before the restart", model.Name, loaded.Version, tenant);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        logger.LogError(ex, "Could not load the deployed {Model} of {Tenant}; it is served again at its next deployment", model.Name, tenant);
                    }
                }
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not read the registry to serve again what was deployed before the restart");
        }
    }
}
