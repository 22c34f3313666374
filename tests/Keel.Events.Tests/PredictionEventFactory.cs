using System.Text.Json.Nodes;

namespace Keel.Events.Tests;

/// <summary>Prediction and feedback CloudEvent JSON for tests, valid unless a test changes it.</summary>
internal static class PredictionEventFactory
{
    public const string ViewVersion = "3f2a9c41b7d0e5f6a8b9c0d1e2f30415";

    public static JsonObject Prediction(string id = "p-1") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/keel/serving",
        ["type"] = KeelEventTypes.PredictionLogged,
        ["time"] = "2026-01-02T03:04:05.123Z",
        ["subject"] = "credit-risk",
        ["tenant"] = "acme",
        ["datacontenttype"] = "application/json",
        ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ["data"] = new JsonObject
        {
            ["prediction_id"] = id,
            ["model"] = "credit-risk",
            ["version"] = 3,
            ["variant"] = "champion",
            ["entity"] = "17",
            ["features"] = new JsonObject { ["Age"] = 30, ["Home"] = "rent", ["Student"] = false, ["Income"] = null },
            ["feature_views"] = new JsonObject { ["applicant"] = ViewVersion },
            ["output"] = new JsonObject { ["score"] = 0.82, ["label"] = "default" },
            ["latency_ms"] = 1.75,
            ["explanation"] = new JsonObject
            {
                ["expected_value"] = 0.3,
                ["contributions"] = new JsonArray(
                    new JsonObject { ["feature"] = "Age", ["value"] = 30, ["contribution"] = -0.12 },
                    new JsonObject { ["feature"] = "Home", ["value"] = "rent", ["contribution"] = 0.64 }),
                ["method"] = "tree_shap",
            },
            ["shadow"] = false,
        },
    };

    public static JsonObject Feedback(string id = "f-1") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/keel/api/feedback",
        ["type"] = KeelEventTypes.FeedbackLabel,
        ["time"] = "2026-02-01T10:00:00Z",
        ["subject"] = "p-1",
        ["tenant"] = "acme",
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject
        {
            ["prediction_id"] = "p-1",
            ["label"] = true,
            ["observed_at"] = "2026-02-01T10:00:00Z",
            ["model"] = "credit-risk",
            ["version"] = 3,
        },
    };
}
