using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary>
/// A feature view bound to its dataset and transformations, ready to turn records into rows.
/// Compiling once per view version keeps the per-record work to a few delegate calls.
/// </summary>
public sealed class CompiledView
{
    private readonly Func<IReadOnlyDictionary<string, object?>, object?>[] _evaluators;

    internal CompiledView(FeatureViewDefinition definition, string version, Func<IReadOnlyDictionary<string, object?>, object?>[] evaluators)
    {
        Definition = definition;
        Version = version;
        FeatureNames = definition.Features.Select(f => f.Name).ToArray();
        _evaluators = evaluators;
    }

    public FeatureViewDefinition Definition { get; }

    public string Name => Definition.Name;

    public string Version { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The view's values for one record, in feature order.</summary>
    public object?[] Evaluate(IReadOnlyDictionary<string, object?> record)
    {
        var values = new object?[_evaluators.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _evaluators[i](record);
        }
        return values;
    }
}
