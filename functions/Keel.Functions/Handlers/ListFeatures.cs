using Keel.Features.Online;
using Keel.Features.Offline;
using Keel.Features.Registry;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/features</c>: the tenant's projects, views (with versions and row counts) and services.</summary>
public sealed class ListFeatures(IFeatureRegistry registry, IOnlineStore online, IOfflineStore offline)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var views = new List<object>();
        foreach (var view in snapshot.Views.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            views.Add(new
            {
                name = view.Name,
                version = view.Version,
                entity = view.Definition.Entity,
                source = view.Definition.Source,
                ttlSeconds = view.Definition.Ttl?.TotalSeconds,
                features = view.Definition.Features.Select(f => new { name = f.Name, type = f.Type, transform = f.Transform?.ToString() }),
                onlineEntities = await online.CountAsync(tenant, view.Name, cancellationToken),
                offlineRows = await offline.CountAsync(tenant, view.Name, cancellationToken),
            });
        }
        return Results.Json(new
        {
            tenant,
            projects = snapshot.Repositories.Select(r => new { name = r.Repository.Project, version = r.Version, dataset = r.Repository.Dataset.Name, labelView = r.Repository.LabelView }),
            views,
            services = snapshot.Services.Select(s => new { name = s.Name, features = s.Features.Select(f => f.Names.Count == 0 ? f.View : string.Join(",", f.Names.Select(n => f.View + ":" + n))) }),
        }, KeelJson.Options);
    }
}
