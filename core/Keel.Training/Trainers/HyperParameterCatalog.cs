namespace Keel.Training;

/// <summary>
/// The hyper-parameters each model type documents, with aliases, ranges and Keel's defaults. A
/// spec may only name these (a typo is an error, not an ignored setting), and every value a run
/// used — given or defaulted — is what lineage records, so a library default changing later
/// cannot silently change a retrained model.
/// </summary>
public static class HyperParameterCatalog
{
    private static readonly HyperParameterDefinition[] LightGbm =
    [
        Integer("num_leaves", "The most leaves one tree may have.", 2, 131072, 31, "number_of_leaves"),
        Real("learning_rate", "Shrinkage applied to each tree's contribution.", 0, 1, 0.1, minExclusive: true),
        Integer("num_iterations", "Boosting rounds (trees).", 1, 100000, 100, "number_of_iterations"),
        Integer("min_data_per_leaf", "The fewest training rows a leaf may hold.", 1, int.MaxValue, 20, "min_examples_per_leaf"),
        Integer("max_bin", "The most histogram bins per feature.", 2, 65535, 255),
        Real("l1_regularization", "L1 penalty on leaf weights.", 0, double.PositiveInfinity, 0),
        Real("l2_regularization", "L2 penalty on leaf weights.", 0, double.PositiveInfinity, 0.01),
        Real("feature_fraction", "The share of features each tree sees.", 0, 1, 1, minExclusive: true),
        new HyperParameterDefinition
        {
            Name = "booster",
            Kind = HyperParameterKind.Choice,
            Description = "gbdt (gradient boosting), dart (dropout trees) or goss (gradient-based sampling).",
            Choices = ["gbdt", "dart", "goss"],
            Default = HyperParameterValue.Of("gbdt"),
        },
    ];

    private static readonly HyperParameterDefinition[] FastTree =
    [
        Integer("number_of_trees", "Boosting rounds (trees).", 1, 100000, 100, "num_trees", "num_iterations", "number_of_iterations"),
        Integer("number_of_leaves", "The most leaves one tree may have.", 2, 131072, 20, "num_leaves"),
        Real("learning_rate", "Shrinkage applied to each tree's contribution.", 0, 1, 0.2, minExclusive: true),
        Integer("min_examples_per_leaf", "The fewest training rows a leaf may hold.", 1, int.MaxValue, 10, "min_data_per_leaf"),
        Integer("max_bin", "The most histogram bins per feature.", 2, 65535, 255),
        Real("feature_fraction", "The share of features each tree sees.", 0, 1, 1, minExclusive: true),
    ];

    // SDCA's own defaults depend on the data (ML.NET picks the regularization and the number of
    // passes from it), which is still deterministic for the same data, so they stay unset.
    private static readonly HyperParameterDefinition[] Sdca =
    [
        Real("l2_regularization", "L2 penalty on the weights; chosen from the data when unset.", 0, double.PositiveInfinity, null),
        Real("l1_regularization", "L1 penalty on the weights; chosen from the data when unset.", 0, double.PositiveInfinity, null),
        Integer("max_iterations", "The most passes over the data; chosen from the data when unset.", 1, 100000, null, "maximum_number_of_iterations"),
        Real("convergence_tolerance", "Stops when the duality gap falls below this.", 0, 1, 0.1, minExclusive: true),
    ];

    public static IReadOnlyList<HyperParameterDefinition> For(ModelType type) => type switch
    {
        ModelType.LightGbm => LightGbm,
        ModelType.FastTree => FastTree,
        ModelType.Sdca => Sdca,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The definition a name (canonical or alias) refers to for a model type.</summary>
    public static bool TryFind(ModelType type, string name, out HyperParameterDefinition definition)
    {
        definition = For(type).FirstOrDefault(d => d.Name == name || d.Aliases.Contains(name, StringComparer.Ordinal))!;
        return definition is not null;
    }

    public static string Known(ModelType type) => string.Join(", ", For(type).Select(d => d.Name));

    /// <summary>
    /// The values a run uses: the given ones by canonical name, then every documented default not
    /// given. Throws when a name is unknown, a value is out of range, or a name is given twice
    /// (once as an alias).
    /// </summary>
    public static IReadOnlyDictionary<string, HyperParameterValue> Resolve(ModelType type, IReadOnlyDictionary<string, HyperParameterValue> given)
    {
        var resolved = new SortedDictionary<string, HyperParameterValue>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            if (!TryFind(type, name, out var definition))
            {
                throw new ArgumentException($"hyper_parameters.{name}: not a {type.Name()} hyper-parameter; known: {Known(type)}");
            }
            if (definition.Check(value) is { } problem)
            {
                throw new ArgumentException($"hyper_parameters.{name}: {problem}");
            }
            if (!resolved.TryAdd(definition.Name, value))
            {
                throw new ArgumentException($"hyper_parameters.{name}: '{definition.Name}' is given twice (under another name too)");
            }
        }
        foreach (var definition in For(type))
        {
            if (definition.Default is { } value)
            {
                resolved.TryAdd(definition.Name, value);
            }
        }
        return resolved;
    }

    private static HyperParameterDefinition Integer(string name, string description, double min, double max, double? fallback, params string[] aliases) => new()
    {
        Name = name,
        Kind = HyperParameterKind.Integer,
        Description = description,
        Min = min,
        Max = max,
        Default = fallback is { } value ? HyperParameterValue.Of(value) : (HyperParameterValue?)null,
        Aliases = aliases,
    };

    private static HyperParameterDefinition Real(string name, string description, double min, double max, double? fallback, bool minExclusive = false) => new()
    {
        Name = name,
        Kind = HyperParameterKind.Real,
        Description = description,
        Min = min,
        MinExclusive = minExclusive,
        Max = max,
        Default = fallback is { } value ? HyperParameterValue.Of(value) : (HyperParameterValue?)null,
    };
}
