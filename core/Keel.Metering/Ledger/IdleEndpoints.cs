using Keel.CostAnomaly.Idle;
using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.ModelRegistry;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// The tenant's deployed versions (in Production) that served nothing for the idle period
/// (<c>Keel:FinOps:Idle:Period</c>): when they last served (from the ledger's inference usage) or,
/// never called, when they entered Production, and what keeping them up costs per hour (the
/// reservation priced with the book; unknown without one).
/// </summary>
public sealed class IdleEndpoints(IModelRegistry registry, UsageLedger ledger, PriceBookSource prices, IOptions<ReservationOptions> reservation,
    IOptions<IdleOptions> idle, TimeProvider time)
{
    public async Task<IdleEndpointsResult> FindAsync(string tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (hourly, problem) = HourlyCost(now);
        var lastTraffic = await ledger.LastTrafficAsync(tenant, cancellationToken).ConfigureAwait(false);
        var deployments = new List<DeploymentActivity>();
        foreach (var model in await registry.ListModelsAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            foreach (var version in await registry.ListVersionsAsync(tenant, model.Name, ModelStage.Production, cancellationToken).ConfigureAwait(false))
            {
                var transitions = await registry.TransitionsAsync(tenant, model.Name, version.Version, cancellationToken).ConfigureAwait(false);
                var deployedAt = transitions.Where(t => t.To == ModelStage.Production).Select(t => (DateTimeOffset?)t.At).Max() ?? version.UpdatedAt;
                var versionText = version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                DateTimeOffset? served = lastTraffic.TryGetValue((model.Name, versionText), out var at) ? at : null;
                deployments.Add(new DeploymentActivity(tenant, $"{model.Name}@{versionText}", deployedAt, served, hourly ?? 0));
            }
        }
        var found = new IdleEndpointDetector(idle.Value, time).Find(deployments);
        return new IdleEndpointsResult(tenant, now, idle.Value.Period, hourly is null ? null : prices.Book!.Currency, found, problem);
    }

    /// <summary>The reservation's cost for the hour from now, or why it cannot be priced.</summary>
    private (decimal? Cost, string? Problem) HourlyCost(DateTimeOffset now)
    {
        if (prices.Book is not { } book)
        {
            return (null, prices.Problem ?? PriceBookSource.NotConfigured);
        }
        var held = reservation.Value;
        try
        {
            var records = TrainingUsage.For("reservation", new TrainingResources(held.Cores, held.MemoryGb, held.Gpus, held.GpuType), now, now.AddHours(1),
                AttributionTags.None);
            var ledgerOfBook = new CostLedger(book);
            return (records.Sum(r => ledgerOfBook.Price(r).Cost), null);
        }
        catch (Exception ex) when (ex is PriceBookException or ArgumentException)
        {
            return (null, $"The reservation (Keel:Costs:Reservation) cannot be priced: {ex.Message}");
        }
    }
}

/// <summary>Idle deployments, costliest first; costs are absent (and <see cref="Problem"/> says why) when the reservation could not be priced.</summary>
public sealed record IdleEndpointsResult(string Tenant, DateTimeOffset At, TimeSpan Period, Currency? Currency, IReadOnlyList<IdleEndpoint> Endpoints, string? Problem);
