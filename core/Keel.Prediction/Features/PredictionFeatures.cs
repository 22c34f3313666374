using System.Text.Json;
using Keel.Features.Online;
using Keel.Features.Records;
using Keel.Features.Registry;
using Keel.Serving;

namespace Keel.Prediction;

/// <summary>The features one prediction is made from, and the version of each view they came from.</summary>
public sealed record FeatureInput(IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, string> ViewVersions);

/// <summary>
/// Turns a prediction request into the model's features, the way training got them: an entity's
/// values come from the online store through the version's feature service (the same views the
/// offline training set was joined from); a raw record goes through those views' compiled
/// transformations, so a ratio or bucket is computed by the same code in both places.
/// </summary>
public sealed class PredictionFeatures(OnlineFeatureService online, IFeatureRegistry registry)
{
    public async Task<FeatureInput> ReadAsync(string tenant, ModelProfile profile, PredictionRequest request, CancellationToken cancellationToken)
    {
        var hasEntity = !string.IsNullOrWhiteSpace(request.Entity);
        var hasRecord = request.Record is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
        if (hasEntity == hasRecord)
        {
            throw new InvalidPredictionRequestException("Send either 'entity' (features are read from the online store) or 'record' (the dataset's columns), not both and not neither.");
        }
        return hasEntity
            ? await FromEntityAsync(tenant, profile, request.Entity!, cancellationToken)
            : await FromRecordAsync(tenant, profile, request.Record!.Value, cancellationToken);
    }

    private async Task<FeatureInput> FromEntityAsync(string tenant, ModelProfile profile, string entity, CancellationToken cancellationToken)
    {
        OnlineFeatureResult result;
        using (ServingTelemetry.StartFeatureRead(profile.FeatureService, "online"))
        {
            result = await online.GetAsync(tenant, new OnlineFeatureRequest(profile.FeatureService, null, [entity]), cancellationToken);
        }
        var found = result.Results[0];
        if (found.Status.Values.All(s => s != FeatureStatus.Present))
        {
            var why = found.Status.Values.Any(s => s == FeatureStatus.Expired) ? "its features are all older than their views' TTL" : "the online store has no features for it";
            throw new EntityNotFoundException($"Entity '{entity}' cannot be scored by '{profile.Model}': {why} (feature service '{profile.FeatureService}').");
        }
        return new FeatureInput(found.Values, result.ViewVersions);
    }

    private async Task<FeatureInput> FromRecordAsync(string tenant, ModelProfile profile, JsonElement record, CancellationToken cancellationToken)
    {
        using var span = ServingTelemetry.StartFeatureRead(profile.FeatureService, "record");
        var snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
        var service = snapshot.Service(profile.FeatureService)
            ?? throw new InvalidPredictionRequestException($"The feature service '{profile.FeatureService}' of '{profile.Model}' is not registered for tenant '{tenant}'.");
        var dataset = snapshot.RepositoryOfService(profile.FeatureService)!.Repository.Dataset;
        var (values, problems) = DatasetRecordReader.Read(dataset, record);
        // The label is what is being predicted: a record without it is the normal case.
        var relevant = problems
            .Where(p => dataset.LabelColumn is null || p.Field != DatasetRecordReader.ValuesPath + dataset.LabelColumn)
            .Select(p => $"record/{p.Field[DatasetRecordReader.ValuesPath.Length..]}: {p.Message}")
            .ToArray();
        if (relevant.Length > 0)
        {
            throw new InvalidPredictionRequestException($"The record does not fit the dataset '{dataset.Name}': {string.Join("; ", relevant)}", relevant);
        }

        var features = new Dictionary<string, object?>(StringComparer.Ordinal);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in service.Features)
        {
            var view = snapshot.View(reference.View)
                ?? throw new InvalidPredictionRequestException($"The feature view '{reference.View}' of the service '{profile.FeatureService}' is not registered.");
            var computed = view.Compiled.Evaluate(values);
            var names = view.Compiled.FeatureNames;
            var wanted = reference.Names.Count == 0 ? names : reference.Names;
            foreach (var name in wanted)
            {
                var index = IndexOf(names, name);
                features[name] = index >= 0 ? computed[index] : throw new InvalidPredictionRequestException($"The view '{view.Name}' has no feature '{name}'.");
            }
            versions[view.Name] = view.Version;
        }
        return new FeatureInput(features, versions);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
