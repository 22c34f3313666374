using System.Globalization;
using Keel.PredictionLog;

namespace Keel.PredictionLog.Tests;

/// <summary>Prediction records as serving would log them, numbered so their order can be checked.</summary>
public static class Predictions
{
    public static readonly string[] Models = ["credit-risk", "churn", "fraud"];

    public const string ViewVersion = "3f2a9c41b7d0e5f6a8b9c0d1e2f30415";

    /// <summary>Ids <c>{prefix}-00000</c>…, zero-padded so they sort in logging order; the model rotates with the number.</summary>
    public static PredictionRecord Record(int number, string prefix = "p") => new(
        PredictionId: Id(prefix, number),
        Tenant: "acme",
        Model: Models[number % Models.Length],
        Version: 3,
        Variant: number % 10 == 0 ? "challenger" : "champion",
        Entity: (number % 97).ToString(CultureInfo.InvariantCulture),
        Features: new Dictionary<string, object?>
        {
            ["Age"] = 20 + number % 50,
            ["Home"] = number % 2 == 0 ? "rent" : "own",
            ["Income"] = number % 7 == 0 ? null : 1000.5 * (number % 13),
            ["Student"] = number % 3 == 0,
        },
        FeatureViews: new Dictionary<string, string> { ["applicant"] = ViewVersion },
        Output: new PredictionOutput(0.001 * (number % 1000), number % 2 == 0 ? "good" : "bad"),
        LatencyMs: 1.5)
    {
        Shadow = number % 10 == 0,
        Explanation = number % 5 == 0
            ? new PredictionExplanation(0.3, [new FeatureContribution("Age", 20 + number % 50, -0.1), new FeatureContribution("Home", "rent", 0.2)], "tree_shap")
            : null,
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };

    public static string Id(string prefix, int number) => $"{prefix}-{number:D5}";

    public static int Number(string id) => int.Parse(id[(id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
}
