namespace Keel.Training;

/// <summary>The ML.NET trainers a spec can ask for.</summary>
public enum ModelType
{
    /// <summary>LightGBM gradient-boosted trees: the default, usually the strongest on tabular data.</summary>
    LightGbm,

    /// <summary>ML.NET's own gradient-boosted trees (MART).</summary>
    FastTree,

    /// <summary>A linear model trained by stochastic dual coordinate ascent: logistic regression for binary, least squares for regression.</summary>
    Sdca,
}

/// <summary>The names a training spec uses for each <see cref="ModelType"/>.</summary>
public static class ModelTypes
{
    public const string Accepted = "lightgbm, fasttree or sdca";

    public static string Name(this ModelType type) => type switch
    {
        ModelType.LightGbm => "lightgbm",
        ModelType.FastTree => "fasttree",
        ModelType.Sdca => "sdca",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? name, out ModelType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "lightgbm" or "light_gbm": type = ModelType.LightGbm; return true;
            case "fasttree" or "fast_tree": type = ModelType.FastTree; return true;
            case "sdca": type = ModelType.Sdca; return true;
            default: type = default; return false;
        }
    }
}
