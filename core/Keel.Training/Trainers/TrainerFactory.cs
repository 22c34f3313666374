using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Keel.Training;

/// <summary>
/// Builds the ML.NET trainer a spec asks for, with its resolved hyper-parameters and the settings
/// that make training reproducible: one thread (parallel reductions sum in varying order), the
/// spec's seed for every random choice, LightGBM's deterministic mode with a fixed histogram
/// layout (otherwise it picks one by timing both). Retraining from lineage depends on this giving
/// identical models for the same data.
/// </summary>
internal static class TrainerFactory
{
    public const string Label = "keel.label";

    /// <summary>Linear models need scaled features; trees split on order and do not.</summary>
    public static bool NeedsNormalization(ModelType type) => type == ModelType.Sdca;

    /// <param name="parameters">Resolved by <see cref="HyperParameterCatalog.Resolve"/>: canonical names, defaults filled in.</param>
    public static IEstimator<ITransformer> Create(MLContext ml, TrainingTask task, ModelType type, IReadOnlyDictionary<string, HyperParameterValue> parameters, int seed) =>
        (task, type) switch
        {
            (TrainingTask.Binary, ModelType.LightGbm) => ml.BinaryClassification.Trainers.LightGbm(LightGbmBinary(parameters, seed)),
            (TrainingTask.Regression, ModelType.LightGbm) => ml.Regression.Trainers.LightGbm(LightGbmRegression(parameters, seed)),
            (TrainingTask.Binary, ModelType.FastTree) => ml.BinaryClassification.Trainers.FastTree(FastTree(new FastTreeBinaryTrainer.Options(), parameters, seed)),
            (TrainingTask.Regression, ModelType.FastTree) => ml.Regression.Trainers.FastTree(FastTree(new FastTreeRegressionTrainer.Options(), parameters, seed)),
            (TrainingTask.Binary, ModelType.Sdca) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(SdcaBinary(parameters)),
            (TrainingTask.Regression, ModelType.Sdca) => ml.Regression.Trainers.Sdca(SdcaRegression(parameters)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), $"{task.Name()} {type.Name()} is not a trainer."),
        };

    // The binary and regression option classes share no base type that declares these fields, hence two initializers.
    private static LightGbmBinaryTrainer.Options LightGbmBinary(IReadOnlyDictionary<string, HyperParameterValue> p, int seed) => new()
    {
        LabelColumnName = Label,
        FeatureColumnName = FeaturePipeline.Features,
        NumberOfLeaves = Int(p, "num_leaves"),
        LearningRate = Real(p, "learning_rate"),
        NumberOfIterations = Int(p, "num_iterations"),
        MinimumExampleCountPerLeaf = Int(p, "min_data_per_leaf"),
        MaximumBinCountPerFeature = Int(p, "max_bin"),
        Booster = Booster(p),
        // The pipeline one-hot encodes categories; LightGBM's own categorical splits would re-detect them.
        UseCategoricalSplit = false,
        Seed = seed,
        NumberOfThreads = 1,
        Deterministic = true,
        ForceColumnWise = true,
        Silent = true,
    };

    private static LightGbmRegressionTrainer.Options LightGbmRegression(IReadOnlyDictionary<string, HyperParameterValue> p, int seed) => new()
    {
        LabelColumnName = Label,
        FeatureColumnName = FeaturePipeline.Features,
        NumberOfLeaves = Int(p, "num_leaves"),
        LearningRate = Real(p, "learning_rate"),
        NumberOfIterations = Int(p, "num_iterations"),
        MinimumExampleCountPerLeaf = Int(p, "min_data_per_leaf"),
        MaximumBinCountPerFeature = Int(p, "max_bin"),
        Booster = Booster(p),
        UseCategoricalSplit = false,
        Seed = seed,
        NumberOfThreads = 1,
        Deterministic = true,
        ForceColumnWise = true,
        Silent = true,
    };

    private static BoosterParameterBase.OptionsBase Booster(IReadOnlyDictionary<string, HyperParameterValue> p)
    {
        BoosterParameterBase.OptionsBase booster = p["booster"].Text switch
        {
            "dart" => new DartBooster.Options(),
            "goss" => new GossBooster.Options(),
            _ => new GradientBooster.Options(),
        };
        booster.L1Regularization = Real(p, "l1_regularization");
        booster.L2Regularization = Real(p, "l2_regularization");
        booster.FeatureFraction = Real(p, "feature_fraction");
        return booster;
    }

    private static T FastTree<T>(T options, IReadOnlyDictionary<string, HyperParameterValue> p, int seed) where T : BoostedTreeOptions
    {
        options.LabelColumnName = Label;
        options.FeatureColumnName = FeaturePipeline.Features;
        options.NumberOfTrees = Int(p, "number_of_trees");
        options.NumberOfLeaves = Int(p, "number_of_leaves");
        options.LearningRate = Real(p, "learning_rate");
        options.MinimumExampleCountPerLeaf = Int(p, "min_examples_per_leaf");
        options.MaximumBinCountPerFeature = Int(p, "max_bin");
        options.FeatureFraction = Real(p, "feature_fraction");
        options.NumberOfThreads = 1;
        options.Seed = seed;
        options.FeatureSelectionSeed = seed;
        return options;
    }

    // SDCA shuffles with the MLContext's seeded random; one thread keeps its updates in a fixed order.
    private static SdcaLogisticRegressionBinaryTrainer.Options SdcaBinary(IReadOnlyDictionary<string, HyperParameterValue> p) => new()
    {
        LabelColumnName = Label,
        FeatureColumnName = FeaturePipeline.Features,
        L2Regularization = Single(p, "l2_regularization"),
        L1Regularization = Single(p, "l1_regularization"),
        MaximumNumberOfIterations = p.TryGetValue("max_iterations", out var iterations) ? (int)iterations.Number!.Value : null,
        ConvergenceTolerance = (float)Real(p, "convergence_tolerance"),
        NumberOfThreads = 1,
    };

    private static SdcaRegressionTrainer.Options SdcaRegression(IReadOnlyDictionary<string, HyperParameterValue> p) => new()
    {
        LabelColumnName = Label,
        FeatureColumnName = FeaturePipeline.Features,
        L2Regularization = Single(p, "l2_regularization"),
        L1Regularization = Single(p, "l1_regularization"),
        MaximumNumberOfIterations = p.TryGetValue("max_iterations", out var iterations) ? (int)iterations.Number!.Value : null,
        ConvergenceTolerance = (float)Real(p, "convergence_tolerance"),
        NumberOfThreads = 1,
    };

    private static int Int(IReadOnlyDictionary<string, HyperParameterValue> p, string name) => (int)p[name].Number!.Value;

    private static double Real(IReadOnlyDictionary<string, HyperParameterValue> p, string name) => p[name].Number!.Value;

    private static float? Single(IReadOnlyDictionary<string, HyperParameterValue> p, string name) =>
        p.TryGetValue(name, out var value) ? (float)value.Number!.Value : null;
}
