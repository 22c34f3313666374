using Keel.Features.Definitions;
using Keel.Gates;
using Keel.Gates.Bias;

namespace Keel.ModelCards;

/// <summary>
/// Assembles a <see cref="ModelCard"/> from plain inputs — the owner's description, the training
/// lineage, the features, the registration and the gate report — so neither the registry nor the
/// training code is needed to write one. <see cref="Build"/> names every part still missing.
/// </summary>
public sealed class ModelCardBuilder(string modelName, string version)
{
    private ModelDescription? _description;
    private TrainingLineage? _lineage;
    private IReadOnlyList<CardFeature>? _features;
    private IReadOnlyDictionary<string, double>? _metrics;
    private GateReport? _report;
    private string? _reportSha256;
    private ModelRegistration? _registration;

    public ModelCardBuilder Describe(ModelDescription description)
    {
        _description = description;
        return this;
    }

    public ModelCardBuilder WithLineage(TrainingLineage lineage)
    {
        _lineage = lineage;
        return this;
    }

    public ModelCardBuilder WithFeatures(IEnumerable<CardFeature> features)
    {
        _features = features.ToArray();
        return this;
    }

    /// <summary>Metrics to show instead of the gate report's holdout metrics.</summary>
    public ModelCardBuilder WithMetrics(IReadOnlyDictionary<string, double> metrics)
    {
        _metrics = metrics;
        return this;
    }

    public ModelCardBuilder WithGateReport(GateReport report, string? storedAsSha256 = null)
    {
        _report = report;
        _reportSha256 = storedAsSha256;
        return this;
    }

    public ModelCardBuilder WithRegistration(ModelRegistration registration)
    {
        _registration = registration;
        return this;
    }

    public ModelCard Build()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(modelName)) missing.Add("model name");
        if (string.IsNullOrWhiteSpace(version)) missing.Add("version");
        if (string.IsNullOrWhiteSpace(_description?.Purpose)) missing.Add("purpose");
        if (string.IsNullOrWhiteSpace(_description?.Owner)) missing.Add("owner");
        if (string.IsNullOrWhiteSpace(_description?.IntendedUse)) missing.Add("intended use");
        if (_lineage is null) missing.Add("training data lineage");
        if (_features is null || _features.Count == 0) missing.Add("features");
        if (_report is null) missing.Add("gate report");
        if (_registration is null) missing.Add("registration (stage, created by)");
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"model card of {modelName} {version}: missing {string.Join(", ", missing)}");
        }

        var report = _report!;
        var fairnessResult = report.Results.FirstOrDefault(r => r.Fairness is not null) ?? report.Result(BiasGate.GateName);
        var registration = _registration!;
        return new ModelCard
        {
            ModelName = modelName,
            Version = version,
            Stage = registration.Stage,
            Purpose = _description!.Purpose,
            Owner = _description.Owner,
            IntendedUse = _description.IntendedUse,
            Limitations = [.. _description.Limitations, .. FromReport(report)],
            Lineage = _lineage!,
            Features = _features!,
            Metrics = _metrics ?? report.Metrics,
            ChampionMetrics = report.ChampionMetrics,
            Fairness = fairnessResult?.Fairness ?? [],
            FairnessSummary = fairnessResult is null ? "fairness was not assessed: the gate report has no bias gate" : fairnessResult.Summary,
            Gates = report.Results.Select(r => new GateOutcome(r.Gate, r.Verdict, r.Summary)).ToArray(),
            GateVerdict = report.Verdict,
            GatesEvaluatedAt = report.EvaluatedAt,
            GateReportSha256 = _reportSha256,
            CreatedBy = registration.CreatedBy,
            CreatedAt = registration.CreatedAt,
            ApprovedBy = registration.ApprovedBy,
            ApprovedAt = registration.ApprovedAt,
        };
    }

    /// <summary>The features of a feature service with their types and descriptions, taken from its views' definitions.</summary>
    public static IReadOnlyList<CardFeature> FeaturesOf(FeatureServiceDefinition service, IEnumerable<FeatureViewDefinition> views)
    {
        var byName = views.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var features = new List<CardFeature>();
        foreach (var reference in service.Features)
        {
            if (!byName.TryGetValue(reference.View, out var view))
            {
                throw new ArgumentException($"feature service '{service.Name}' reads view '{reference.View}', which was not given");
            }
            var names = reference.Names.Count == 0 ? view.Features.Select(f => f.Name) : reference.Names;
            foreach (var name in names)
            {
                var feature = view.Feature(name) ?? throw new ArgumentException($"view '{view.Name}' has no feature '{name}'");
                features.Add(new CardFeature(feature.Name, feature.Type, feature.Description));
            }
        }
        return features;
    }

    /// <summary>What the gate report shows the card's reader must know: groups too small to judge and checks that did not run.</summary>
    private static IEnumerable<string> FromReport(GateReport report)
    {
        foreach (var result in report.Results)
        {
            if (result.Verdict == GateVerdict.Skipped)
            {
                yield return $"The {result.Gate} gate did not run: {result.Summary}.";
            }
            foreach (var attribute in result.Fairness ?? [])
            {
                var small = attribute.Groups.Where(g => !g.Included).Select(g => $"'{g.Group}' ({g.Rows} rows)").ToArray();
                if (small.Length > 0)
                {
                    yield return $"Fairness by {attribute.Attribute} was not assessed for {string.Join(", ", small)}: too few holdout rows to judge.";
                }
            }
        }
    }
}
