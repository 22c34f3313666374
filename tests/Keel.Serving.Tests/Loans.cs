using System.Globalization;
using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Serving.Tests;

/// <summary>
/// Generated loan applications with every feature type and missing values, and two small models
/// trained on them once per test run (a second or so each): version 1 and a differently seeded,
/// differently sized version 2 whose scores differ, so a response shows which one served it.
/// </summary>
public static class Loans
{
    public const string Model = "loan_default";
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<TrainedModel>> First = new(() => ModelTrainer.TrainAsync(Set(2000, seed: 1), Spec(iterations: 20, seed: 42)));
    private static readonly Lazy<Task<TrainedModel>> Second = new(() => ModelTrainer.TrainAsync(Set(2000, seed: 2), Spec(iterations: 35, seed: 7)));

    public static Task<TrainedModel> Version1 => First.Value;

    public static Task<TrainedModel> Version2 => Second.Value;

    /// <summary>
    /// 150 trees: enough for ONNX Runtime to split a run's trees over threads when it may use
    /// more than one, so the order trees are summed in shows in the scores.
    /// </summary>
    public static Task<TrainedModel> ManyTrees => Large.Value;

    private static readonly Lazy<Task<TrainedModel>> Large = new(() => ModelTrainer.TrainAsync(Set(2000, seed: 3), Spec(iterations: 150, seed: 11)));

    public static TrainingSpec Spec(int iterations, int seed) => new()
    {
        Name = Model,
        FeatureService = "loan_model",
        Label = "defaulted",
        PositiveClass = "yes",
        ModelType = ModelType.LightGbm,
        Seed = seed,
        HyperParameters = new Dictionary<string, HyperParameterValue> { ["num_iterations"] = iterations, ["num_leaves"] = 15 },
    };

    /// <summary>The label depends on income, debt, region, a flag and the account's age; about 5% of income, region and opened_at are missing.</summary>
    public static TrainingSet Set(int rows, int seed)
    {
        var random = new Random(seed);
        string[] regions = ["north", "south", "east", "west"];
        double[] effect = [1.2, -0.8, 0.3, -0.7];
        var keys = new string[rows];
        var times = new DateTimeOffset[rows];
        var label = new object?[rows];
        var income = new object?[rows];
        var debt = new object?[rows];
        var region = new object?[rows];
        var flag = new object?[rows];
        var opened = new object?[rows];
        for (var i = 0; i < rows; i++)
        {
            keys[i] = "c" + i.ToString("D6", CultureInfo.InvariantCulture);
            times[i] = Start.AddMinutes(i * 7);
            var incomeValue = 30_000 + (20_000 * (random.NextDouble() - 0.5) * 3);
            var debtValue = (long)random.Next(0, 50_000);
            var r = random.Next(regions.Length);
            var guarantor = random.NextDouble() < 0.3;
            var days = random.Next(30, 3_000);
            var logit = (-1.5 * (incomeValue - 30_000) / 20_000) + (1.2 * (debtValue - 25_000) / 15_000) + (2 * effect[r]) + (guarantor ? 1.2 : -0.4) - ((days - 1_500) / 800.0);
            income[i] = random.NextDouble() < 0.05 ? null : incomeValue;
            debt[i] = debtValue;
            region[i] = random.NextDouble() < 0.05 ? null : regions[r];
            flag[i] = guarantor;
            opened[i] = random.NextDouble() < 0.05 ? null : times[i].AddDays(-days);
            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
        }
        var frame = new FeatureFrame(keys, times,
        [
            new FrameColumn("defaulted", FeatureType.String, label),
            new FrameColumn("income", FeatureType.Double, income),
            new FrameColumn("debt", FeatureType.Int64, debt),
            new FrameColumn("region", FeatureType.String, region),
            new FrameColumn("has_guarantor", FeatureType.Bool, flag),
            new FrameColumn("opened_at", FeatureType.Timestamp, opened),
        ]);
        return new TrainingSet("loan_model", "loan_labels", "defaulted", new Dictionary<string, string> { ["loan_features"] = "v1" }, frame);
    }

    /// <summary>Row <paramref name="row"/> as feature name → value, the label left out.</summary>
    public static Dictionary<string, object?> Row(TrainingSet set, int row) =>
        set.Frame.Columns.Where(c => c.Name != "defaulted").ToDictionary(c => c.Name, c => c.Values[row]);
}
