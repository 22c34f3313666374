using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary>
/// Binds a view's features to dataset columns or transformations and checks the declared
/// types, so a mistake in an edited repository file is reported at apply time, not per record.
/// </summary>
public static class FeatureViewCompiler
{
    public static (CompiledView? View, IReadOnlyList<string> Errors) Compile(
        FeatureViewDefinition view, string version, DatasetSchema dataset, TransformationCatalog catalog)
    {
        var errors = new List<string>();
        var evaluators = new Func<IReadOnlyDictionary<string, object?>, object?>[view.Features.Count];
        for (var i = 0; i < view.Features.Count; i++)
        {
            var feature = view.Features[i];
            var where = $"feature view '{view.Name}', feature '{feature.Name}'";
            if (feature.Transform is { } transform)
            {
                if (!catalog.TryGet(transform.Kind, out var transformation))
                {
                    errors.Add($"{where}: unknown transformation '{transform.Kind}'; known: {string.Join(", ", catalog.Kinds.Order())}");
                    continue;
                }
                var check = transformation.Check(transform.Args, dataset);
                if (check.Error is not null)
                {
                    errors.Add($"{where}: {transform}: {check.Error}");
                    continue;
                }
                if (!Assignable(check.OutputType!.Value, feature.Type))
                {
                    errors.Add($"{where}: {transform} produces {check.OutputType.Value.Name()} but the feature is declared {feature.Type.Name()}");
                    continue;
                }
                var args = transform.Args;
                var target = feature.Type;
                evaluators[i] = record => Coerce(transformation.Apply(args, record), target);
            }
            else
            {
                var columnName = feature.Column ?? feature.Name;
                var column = dataset.Column(columnName);
                if (column is null)
                {
                    errors.Add($"{where}: column '{columnName}' is not in dataset '{dataset.Name}'");
                    continue;
                }
                if (!Assignable(column.Type, feature.Type))
                {
                    errors.Add($"{where}: column '{columnName}' is {column.Type.Name()} but the feature is declared {feature.Type.Name()}");
                    continue;
                }
                var target = feature.Type;
                evaluators[i] = record => record.TryGetValue(columnName, out var value) ? Coerce(value, target) : null;
            }
        }
        return errors.Count == 0 ? (new CompiledView(view, version, evaluators), errors) : (null, errors);
    }

    /// <summary>Integers widen to doubles; every other type must match exactly.</summary>
    public static bool Assignable(FeatureType from, FeatureType to) => from == to || (from == FeatureType.Int64 && to == FeatureType.Double);

    private static object? Coerce(object? value, FeatureType target) => (value, target) switch
    {
        (long l, FeatureType.Double) => (double)l,
        _ => value,
    };
}
