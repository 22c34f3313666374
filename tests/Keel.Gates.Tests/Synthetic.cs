using Keel.Features.Definitions;

namespace Keel.Gates.Tests;

/// <summary>
/// Seeded, credit-like holdouts: the positive class is "bad" (default), driven by an income-like
/// signal, and in the biased variant also by the applicant being under 30 — so a model fitted to
/// it learns to score young applicants worse.
/// </summary>
internal sealed record SyntheticCredit(Holdout Holdout, IReadOnlyList<ProtectedAttribute> Attributes)
{
    public static readonly string[] MaritalStatuses = ["single", "married", "divorced", "widow"];

    public static SyntheticCredit Create(int rows, int seed, bool labelDependsOnAge, bool withChampion = false, double signal = 1.5)
    {
        var random = new Random(seed);
        var labels = new bool[rows];
        var scores = new double[rows];
        var champion = new double[rows];
        var ages = new object?[rows];
        var marital = new object?[rows];
        for (var i = 0; i < rows; i++)
        {
            var age = random.Next(18, 80);
            var x = Gaussian(random);
            var logit = -1 + signal * x + (labelDependsOnAge && age < 30 ? 2.0 : 0);
            labels[i] = random.NextDouble() < Sigmoid(logit);
            scores[i] = Sigmoid(logit + 0.5 * Gaussian(random));
            champion[i] = Sigmoid(logit + 1.0 * Gaussian(random));
            ages[i] = (long)age;
            var draw = random.NextDouble();
            marital[i] = draw < 0.45 ? "married" : draw < 0.8 ? "single" : draw < 0.93 ? "divorced" : "widow";
        }
        return new SyntheticCredit(
            Holdout.Binary(labels, scores, withChampion ? champion : null),
            [new ProtectedAttribute("Age", FeatureType.Int64, ages), new ProtectedAttribute("Marital", FeatureType.String, marital)]);
    }

    public GateContext Context(Dictionary<string, IReadOnlyDictionary<string, object?>>? settings = null) => new()
    {
        ModelName = "credit_model",
        ModelVersion = "7",
        Holdout = Holdout,
        ProtectedAttributes = Attributes,
        ServiceSchema = SampleSchema.Service,
        ModelInputs = SampleSchema.Model,
        OnnxParity = new OnnxParityMeasurement(3e-7, 500),
        Settings = settings ?? new Dictionary<string, IReadOnlyDictionary<string, object?>>(),
    };

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}

internal static class SampleSchema
{
    public static readonly IReadOnlyList<ServiceFeature> Service =
    [
        new("Seniority", FeatureType.Int64),
        new("Income", FeatureType.Int64),
        new("Home", FeatureType.String),
        new("debt_ratio", FeatureType.Double),
    ];

    public static readonly IReadOnlyList<ModelInput> Model =
    [
        new("debt_ratio", FeatureType.Double),
        new("Home", FeatureType.String),
        new("Income", FeatureType.Int64),
        new("Seniority", FeatureType.Int64),
    ];
}

internal static class Spec
{
    public static Dictionary<string, IReadOnlyDictionary<string, object?>> Of(string gate, params (string Key, object? Value)[] values) =>
        new() { [gate] = values.ToDictionary(v => v.Key, v => v.Value) };
}
