using Keel.Features.Registry;

namespace Keel.Features.Online;

/// <summary>
/// Reads a feature service (or a list of features) for a set of entities from the online store,
/// applying each view's TTL and reporting the version and age behind every value.
/// </summary>
public sealed class OnlineFeatureService(IFeatureRegistry registry, IOnlineStore store, TimeProvider time)
{
    public async Task<OnlineFeatureResult> GetAsync(string tenant, OnlineFeatureRequest request, CancellationToken cancellationToken)
    {
        if (request.Entities.Count == 0)
        {
            throw new ArgumentException("entities: at least one entity key is required");
        }
        if (request.Entities.Count > OnlineFeatureRequest.MaxEntities)
        {
            throw new ArgumentException($"entities: at most {OnlineFeatureRequest.MaxEntities} per request, got {request.Entities.Count}");
        }
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var selections = Select(snapshot, request);

        var names = selections.SelectMany(s => s.Features).ToArray();
        var values = request.Entities.Select(_ => new Dictionary<string, object?>(names.Length)).ToArray();
        var ages = request.Entities.Select(_ => new Dictionary<string, double?>(names.Length)).ToArray();
        var statuses = request.Entities.Select(_ => new Dictionary<string, string>(names.Length)).ToArray();
        var now = time.GetUtcNow();

        foreach (var (view, features) in selections)
        {
            var records = await store.ReadAsync(tenant, view.Name, request.Entities, cancellationToken);
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var age = record is null ? (double?)null : (now - record.EventTime).TotalSeconds;
                var status = record is null ? FeatureStatus.NotFound
                    : view.Definition.Ttl is { } ttl && now - record.EventTime > ttl ? FeatureStatus.Expired
                    : FeatureStatus.Present;
                foreach (var feature in features)
                {
                    values[i][feature] = status == FeatureStatus.Present ? record!.Values.GetValueOrDefault(feature) : null;
                    ages[i][feature] = age;
                    statuses[i][feature] = status;
                }
            }
        }

        var results = request.Entities.Select((entity, i) => new EntityFeatures(entity, values[i], ages[i], statuses[i])).ToArray();
        return new OnlineFeatureResult(
            request.Service,
            names,
            selections.ToDictionary(s => s.View.Name, s => s.View.Version),
            results);
    }

    private static List<(RegisteredView View, IReadOnlyList<string> Features)> Select(RegistrySnapshot snapshot, OnlineFeatureRequest request)
    {
        IEnumerable<(string View, IReadOnlyList<string> Names)> references;
        if (request.Service is { } serviceName)
        {
            var service = snapshot.Service(serviceName) ?? throw new UnknownFeatureException($"feature service '{serviceName}'");
            references = service.Features.Select(r => (r.View, r.Names));
        }
        else if (request.Features is { Count: > 0 } features)
        {
            references = features
                .Select(f => f.Split(':', 2, StringSplitOptions.TrimEntries))
                .GroupBy(p => p[0])
                .Select(g => (g.Key, (IReadOnlyList<string>)(g.Any(p => p.Length == 1) ? [] : g.Select(p => p[1]).ToArray())));
        }
        else
        {
            throw new ArgumentException("either 'service' or 'features' is required");
        }

        var selections = new List<(RegisteredView, IReadOnlyList<string>)>();
        var seen = new HashSet<string>();
        foreach (var (viewName, names) in references)
        {
            var view = snapshot.View(viewName) ?? throw new UnknownFeatureException($"feature view '{viewName}'");
            var chosen = names.Count == 0 ? view.Compiled.FeatureNames : names;
            foreach (var name in chosen)
            {
                if (view.Definition.Feature(name) is null)
                {
                    throw new UnknownFeatureException($"feature '{viewName}:{name}'");
                }
                if (!seen.Add(name))
                {
                    throw new ArgumentException($"features: '{name}' is requested from more than one view; request one of them");
                }
            }
            selections.Add((view, chosen));
        }
        return selections;
    }
}
