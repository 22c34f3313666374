using Keel.Features.Registry;
using Keel.Gates;
using Keel.ModelCards;
using Keel.ModelRegistry;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>Writes the model card of a version being registered to Staging, from its spec, lineage, features, metrics and gate report.</summary>
internal static class VersionCards
{
    public static ModelCard Build(ModelVersion version, TrainingSpec spec, EvaluationBundle bundle, GateReport report, string reportSha256, RegistrySnapshot features)
    {
        var descriptions = DescriptionsOf(features, spec.FeatureService);
        return new ModelCardBuilder(version.ModelName, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Describe(new ModelDescription(spec.Description!, spec.Owner!, spec.IntendedUse!, spec.Limitations is { Length: > 0 } limitations ? [limitations] : []))
            .WithLineage(VersionLineage.ForCard(version.Lineage))
            .WithFeatures(bundle.Features.Select(f => new CardFeature(f.Name, f.Type, descriptions.GetValueOrDefault(f.Name))))
            // Sorted, so that the card of a retried registration is byte for byte the one already attached.
            .WithMetrics(new SortedDictionary<string, double>(version.Metrics.ToDictionary(), StringComparer.Ordinal))
            .WithGateReport(report, reportSha256)
            .WithRegistration(new ModelRegistration(nameof(ModelStage.Staging), version.CreatedBy, version.CreatedAt))
            .Build();
    }

    /// <summary>What the feature views say each feature of the service means.</summary>
    private static Dictionary<string, string> DescriptionsOf(RegistrySnapshot snapshot, string service)
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in snapshot.Service(service)?.Features ?? [])
        {
            foreach (var feature in snapshot.View(reference.View)?.Definition.Features ?? [])
            {
                if (feature.Description is { Length: > 0 } description)
                {
                    descriptions.TryAdd(feature.Name, description);
                }
            }
        }
        return descriptions;
    }
}
