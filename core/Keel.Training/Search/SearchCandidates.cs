namespace Keel.Training;

/// <summary>
/// The hyper-parameter values each trial of a search tries. Hyper-parameters are taken in name
/// order, so how the space was written does not change the candidates; random sampling is seeded
/// with the spec's seed, so the same spec always tries the same candidates.
/// </summary>
public static class SearchCandidates
{
    public static IReadOnlyList<IReadOnlyDictionary<string, HyperParameterValue>> For(TrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var search = spec.Search ?? throw new ArgumentException("The spec has no search section.");
        var dimensions = search.Space
            .Select(p => (Definition: Definition(spec.ModelType, p.Key), Dimension: p.Value))
            .OrderBy(d => d.Definition.Name, StringComparer.Ordinal)
            .ToArray();
        return search.Strategy == SearchStrategy.Grid
            ? Grid(dimensions, search.Trials)
            : Random(dimensions, search.Trials ?? SearchSpec.DefaultRandomTrials, spec.Seed);
    }

    /// <summary>The cartesian product, first hyper-parameter varying slowest, cut at <paramref name="cap"/>.</summary>
    private static List<IReadOnlyDictionary<string, HyperParameterValue>> Grid((HyperParameterDefinition Definition, SearchDimension Dimension)[] dimensions, int? cap)
    {
        var combinations = new List<IReadOnlyDictionary<string, HyperParameterValue>> { new Dictionary<string, HyperParameterValue>(StringComparer.Ordinal) };
        foreach (var (definition, dimension) in dimensions)
        {
            var values = dimension.Values ?? throw new ArgumentException($"search.space.{definition.Name}: a grid search needs a list of values.");
            combinations = combinations
                .SelectMany(partial => values.Select(value => (IReadOnlyDictionary<string, HyperParameterValue>)new Dictionary<string, HyperParameterValue>(partial, StringComparer.Ordinal)
                {
                    [definition.Name] = value,
                }))
                .ToList();
        }
        return cap is { } limit ? combinations.Take(limit).ToList() : combinations;
    }

    private static List<IReadOnlyDictionary<string, HyperParameterValue>> Random((HyperParameterDefinition Definition, SearchDimension Dimension)[] dimensions, int trials, int seed)
    {
        // A seeded System.Random produces the same sequence on every .NET version.
        var random = new Random(seed);
        var candidates = new List<IReadOnlyDictionary<string, HyperParameterValue>>();
        for (var t = 0; t < trials; t++)
        {
            var candidate = new Dictionary<string, HyperParameterValue>(StringComparer.Ordinal);
            foreach (var (definition, dimension) in dimensions)
            {
                candidate[definition.Name] = Sample(random, definition, dimension);
            }
            candidates.Add(candidate);
        }
        return candidates;
    }

    private static HyperParameterValue Sample(Random random, HyperParameterDefinition definition, SearchDimension dimension)
    {
        if (dimension.Values is { } values)
        {
            return values[random.Next(values.Count)];
        }
        var min = dimension.Min ?? throw new ArgumentException($"search.space.{definition.Name}: a range needs min.");
        var max = dimension.Max ?? throw new ArgumentException($"search.space.{definition.Name}: a range needs max.");
        var u = random.NextDouble();
        var value = dimension.Log
            ? Math.Exp(Math.Log(min) + (u * (Math.Log(max) - Math.Log(min))))
            : min + (u * (max - min));
        if (definition.Kind == HyperParameterKind.Integer)
        {
            value = Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), Math.Ceiling(min), Math.Floor(max));
        }
        return HyperParameterValue.Of(Math.Clamp(value, min, max));
    }

    private static HyperParameterDefinition Definition(ModelType type, string name) =>
        HyperParameterCatalog.TryFind(type, name, out var definition)
            ? definition
            : throw new ArgumentException($"search.space.{name}: not a {type.Name()} hyper-parameter; known: {HyperParameterCatalog.Known(type)}");
}
