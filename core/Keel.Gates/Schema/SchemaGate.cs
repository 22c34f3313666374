using Keel.Features.Definitions;

namespace Keel.Gates.Schema;

/// <summary>
/// The model's input signature must equal the feature service's schema: the same feature names
/// (case-sensitive, order free — inputs are bound by name) and the same feature types. Types are
/// compared as <see cref="FeatureType"/>s on both sides; the training side reports the feature type
/// each input was trained on, so an int64 feature the graph consumes as a float tensor still
/// matches int64, while a feature the model learned as a string where the service serves int64 does not.
/// </summary>
public sealed class SchemaGate : IValidationGate
{
    public const string GateName = "schema";

    public string Name => GateName;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        context.SettingsFor(Name).EnsureKnown();
        if (context.ServiceSchema is not { } service || context.ModelInputs is not { } inputs)
        {
            var missing = context.ServiceSchema is null ? "the feature service's schema" : "the model's input signature";
            return Task.FromResult(new GateResult
            {
                Gate = Name,
                Verdict = GateVerdict.Fail,
                Summary = $"{missing} was not given, so the model's inputs cannot be checked",
                Checks = [GateCheck.Fail("signature", null, $"{missing} was not given")],
            });
        }

        var rows = Compare(service, inputs);
        var checks = rows.Select(r => r.Match == SchemaMatch.Match
            ? GateCheck.Pass(CheckName(r.Match), r.Feature, r.Message)
            : GateCheck.Fail(CheckName(r.Match), r.Feature, r.Message)).ToList();
        if (service.Count == 0)
        {
            checks.Add(GateCheck.Fail("signature", null, "the feature service has no features"));
        }
        var verdict = GateResult.Combine(checks);
        return Task.FromResult(new GateResult
        {
            Gate = Name,
            Verdict = verdict,
            Summary = GateResult.Summarize(checks, $"the model's {inputs.Count} inputs match the feature service's {service.Count} features, types included"),
            Checks = checks,
            Measurements = new Dictionary<string, double>
            {
                ["service_features"] = service.Count,
                ["model_inputs"] = inputs.Count,
                ["mismatches"] = rows.Count(r => r.Match != SchemaMatch.Match),
            },
            Schema = rows,
        });
    }

    public static IReadOnlyList<SchemaComparison> Compare(IReadOnlyList<ServiceFeature> service, IReadOnlyList<ModelInput> inputs)
    {
        var serviceTypes = new Dictionary<string, FeatureType>(StringComparer.Ordinal);
        foreach (var feature in service)
        {
            serviceTypes.TryAdd(feature.Name, feature.Type);
        }
        var modelTypes = new Dictionary<string, FeatureType>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            modelTypes.TryAdd(input.Name, input.Type);
        }

        // Rows follow the feature service's order, then the model's extra inputs in the model's order.
        var rows = new List<SchemaComparison>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, type) in service.Select(f => (f.Name, f.Type)))
        {
            if (!seen.Add(name))
            {
                rows.Add(new SchemaComparison(name, type, null, SchemaMatch.Duplicate, $"feature '{name}' is listed twice in the feature service"));
            }
            else if (!modelTypes.TryGetValue(name, out var modelType))
            {
                var hint = modelTypes.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                rows.Add(new SchemaComparison(name, type, null, SchemaMatch.Missing,
                    $"feature '{name}' is {type.Name()} in the feature service but not an input of the model"
                    + (hint is null ? "" : $" (the model has '{hint}', which differs only in case)")));
            }
            else if (modelType != type)
            {
                rows.Add(new SchemaComparison(name, type, modelType, SchemaMatch.TypeMismatch,
                    $"feature '{name}' is {type.Name()} in the feature service but {modelType.Name()} in the model"));
            }
            else
            {
                rows.Add(new SchemaComparison(name, type, modelType, SchemaMatch.Match, $"feature '{name}' is {type.Name()} on both sides"));
            }
        }
        var seenInputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, type) in inputs.Select(i => (i.Name, i.Type)))
        {
            if (!seenInputs.Add(name))
            {
                rows.Add(new SchemaComparison(name, null, type, SchemaMatch.Duplicate, $"feature '{name}' is listed twice in the model's inputs"));
            }
            else if (!serviceTypes.ContainsKey(name))
            {
                rows.Add(new SchemaComparison(name, null, type, SchemaMatch.Extra,
                    $"model input '{name}' ({type.Name()}) is not a feature of the feature service"));
            }
        }
        return rows;
    }

    private static string CheckName(SchemaMatch match) => match switch
    {
        SchemaMatch.Missing => "missing",
        SchemaMatch.Extra => "extra",
        SchemaMatch.TypeMismatch => "type_mismatch",
        SchemaMatch.Duplicate => "duplicate",
        _ => "match",
    };
}
