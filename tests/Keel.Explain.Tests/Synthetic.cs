using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Explain.Tests;

/// <summary>
/// Generated training sets with every feature type, missing values and a known relationship
/// between features and label, built the way the feature store hands them over.
/// </summary>
public static class Synthetic
{
    public const string Service = "loan_model";
    public const string LabelView = "loan_labels";
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A binary set labelled "yes"/"no": the label depends on income, debt, region, a flag and how
    /// long ago the account was opened (so it is learnable) unless <paramref name="randomLabels"/>.
    /// About 5% of income, region and opened_at values are missing.
    /// </summary>
    public static TrainingSet Binary(int rows, int seed = 1, bool randomLabels = false) =>
        Build(rows, seed, (logit, random) => randomLabels
            ? (random.NextDouble() < 0.5 ? "yes" : "no")
            : (random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no"), FeatureType.String);

    /// <summary>A regression set: the label is the same linear signal plus noise.</summary>
    public static TrainingSet Regression(int rows, int seed = 1) =>
        Build(rows, seed, (signal, random) => (object)(signal * 10 + Gaussian(random)), FeatureType.Double);

    public static TrainingSpec Spec(ModelType type = ModelType.LightGbm, TrainingTask task = TrainingTask.Binary, IReadOnlyDictionary<string, HyperParameterValue>? parameters = null) => new()
    {
        Name = "loan_default",
        FeatureService = Service,
        Label = "defaulted",
        Task = task,
        PositiveClass = task == TrainingTask.Binary ? "yes" : null,
        ModelType = type,
        HyperParameters = parameters ?? Small(type),
        ProtectedAttributes = ["age", "gender"],
    };

    /// <summary>Fewer iterations than the defaults, to keep the tests quick.</summary>
    public static IReadOnlyDictionary<string, HyperParameterValue> Small(ModelType type) => type switch
    {
        ModelType.LightGbm => new Dictionary<string, HyperParameterValue> { ["num_iterations"] = 40, ["num_leaves"] = 15 },
        ModelType.FastTree => new Dictionary<string, HyperParameterValue> { ["number_of_trees"] = 40, ["number_of_leaves"] = 15 },
        _ => new Dictionary<string, HyperParameterValue> { ["max_iterations"] = 30 },
    };

    /// <summary>The same rows in another order.</summary>
    public static TrainingSet Shuffled(TrainingSet set, int seed)
    {
        var order = Enumerable.Range(0, set.Rows).ToArray();
        new Random(seed).Shuffle(order);
        var frame = set.Frame;
        return set with
        {
            Frame = new FeatureFrame(
                order.Select(r => frame.EntityKeys[r]).ToArray(),
                order.Select(r => frame.Timestamps[r]).ToArray(),
                frame.Columns.Select(c => c with { Values = order.Select(r => c.Values[r]).ToArray() }).ToArray()),
        };
    }

    /// <summary>Row <paramref name="row"/> of a set as feature name → value, the label left out.</summary>
    public static Dictionary<string, object?> Row(TrainingSet set, int row) =>
        set.Frame.Columns.Where(c => c.Name != "defaulted").ToDictionary(c => c.Name, c => c.Values[row]);

    private static TrainingSet Build(int rows, int seed, Func<double, Random, object> label, FeatureType labelType)
    {
        var random = new Random(seed);
        var keys = new string[rows];
        var times = new DateTimeOffset[rows];
        var labels = new object?[rows];
        var income = new object?[rows];
        var debt = new object?[rows];
        var region = new object?[rows];
        var flag = new object?[rows];
        var openedAt = new object?[rows];
        var age = new object?[rows];
        var gender = new object?[rows];
        string[] regions = ["north", "south", "east", "west"];
        double[] regionEffect = [1.2, -0.8, 0.3, -0.7];
        for (var i = 0; i < rows; i++)
        {
            keys[i] = "c" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            times[i] = Start.AddMinutes(i * 7);
            var incomeValue = 30_000 + (20_000 * Gaussian(random));
            var debtValue = (long)random.Next(0, 50_000);
            var regionIndex = random.Next(regions.Length);
            var flagValue = random.NextDouble() < 0.3;
            var accountDays = random.Next(30, 3_000);
            age[i] = (long)random.Next(18, 80);
            gender[i] = random.NextDouble() < 0.5 ? "f" : "m";
            var logit = (-1.5 * (incomeValue - 30_000) / 20_000) + (1.2 * (debtValue - 25_000) / 15_000)
                + (2 * regionEffect[regionIndex]) + (flagValue ? 1.2 : -0.4) - ((accountDays - 1_500) / 800.0);
            income[i] = random.NextDouble() < 0.05 ? null : incomeValue;
            debt[i] = debtValue;
            region[i] = random.NextDouble() < 0.05 ? null : regions[regionIndex];
            flag[i] = flagValue;
            openedAt[i] = random.NextDouble() < 0.05 ? null : times[i].AddDays(-accountDays);
            labels[i] = label(logit, random);
        }
        var frame = new FeatureFrame(keys, times,
        [
            new FrameColumn("defaulted", labelType, labels),
            new FrameColumn("income", FeatureType.Double, income),
            new FrameColumn("debt", FeatureType.Int64, debt),
            new FrameColumn("region", FeatureType.String, region),
            new FrameColumn("has_guarantor", FeatureType.Bool, flag),
            new FrameColumn("opened_at", FeatureType.Timestamp, openedAt),
            new FrameColumn("age", FeatureType.Int64, age),
            new FrameColumn("gender", FeatureType.String, gender),
        ]);
        return new TrainingSet(Service, LabelView, "defaulted", new Dictionary<string, string> { ["loan_features"] = "v1" }, frame);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
