using Keel.Features.Definitions;
using Keel.Features.Registry;
using Keel.Features.Transformations;
using Keel.Prediction;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// A model's feature service resolved once per job: its dataset, and the views and features it
/// takes. Records become features through the views' compiled transformations, as
/// <see cref="PredictionFeatures"/> does for one record and materialization does for the stores.
/// </summary>
internal sealed class ServiceFeatures
{
    private readonly (RegisteredView View, int[] Indexes, string[] Names)[] _parts;

    private ServiceFeatures(DatasetSchema dataset, (RegisteredView, int[], string[])[] parts)
    {
        Dataset = dataset;
        _parts = parts;
    }

    public DatasetSchema Dataset { get; }

    /// <summary>Every view the service reads, with the features taken from it in the view's order.</summary>
    public IEnumerable<(RegisteredView View, IReadOnlyList<string> Names)> Views => _parts.Select(p => (p.View, (IReadOnlyList<string>)p.Names));

    public static async Task<ServiceFeatures> ForAsync(IFeatureRegistry registry, string tenant, ModelProfile profile, CancellationToken cancellationToken)
    {
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var service = snapshot.Service(profile.FeatureService)
            ?? throw new BatchJobException($"The feature service '{profile.FeatureService}' of '{profile.Model}' is not registered for tenant '{tenant}'.");
        var dataset = snapshot.RepositoryOfService(profile.FeatureService)!.Repository.Dataset;
        var parts = service.Features.Select(reference =>
        {
            var view = snapshot.View(reference.View)
                ?? throw new BatchJobException($"The feature view '{reference.View}' of the service '{profile.FeatureService}' is not registered.");
            var names = view.Compiled.FeatureNames;
            var wanted = reference.Names.Count == 0 ? names : reference.Names;
            var indexes = wanted.Select(name => IndexOf(names, name, view.Name)).ToArray();
            return (view, indexes, wanted.ToArray());
        }).ToArray();
        return new ServiceFeatures(dataset, parts);
    }

    /// <summary>The features of one record (typed values by dataset column).</summary>
    public Dictionary<string, object?> Evaluate(IReadOnlyDictionary<string, object?> record)
    {
        var features = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (view, indexes, names) in _parts)
        {
            var computed = view.Compiled.Evaluate(record);
            for (var i = 0; i < names.Length; i++)
            {
                features[names[i]] = computed[indexes[i]];
            }
        }
        return features;
    }

    /// <summary>Why a record cannot be scored, as the online path would refuse it; null when it can.</summary>
    public string? Problem(IReadOnlyDictionary<string, object?> record)
    {
        foreach (var column in Dataset.Columns)
        {
            // The label is what is being predicted: a record without it is the normal case.
            if (!column.Nullable && column.Name != Dataset.LabelColumn && record.GetValueOrDefault(column.Name) is null)
            {
                return $"{column.Name} is required: the column is not nullable";
            }
        }
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name, string view)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        throw new BatchJobException($"The view '{view}' has no feature '{name}'.");
    }
}
