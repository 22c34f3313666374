using System.Text.Json.Nodes;
using Keel.Cli.Client;

namespace Keel.Cli.Platform;

/// <summary>One explained prediction of the demo: the entity, its score and label, the variant, and the features that pushed it most.</summary>
public sealed record DemoPredictionResult(string PredictionId, string Entity, double Score, string? Label, string Variant, IReadOnlyList<(string Feature, double Contribution)> TopFeatures);

/// <summary>
/// The feature-store-backed side of the demo: an entity of the sample scored through
/// <c>POST /api/predict</c> with its features read from the online store and explained by TreeSHAP.
/// </summary>
public static class DemoPrediction
{
    public static async Task<DemoPredictionResult> RunAsync(KeelClient client, string model, string entity, CancellationToken ct)
    {
        var answer = await client.PredictAsync(model, entity, null, explain: true, version: null, ct);
        var contributions = answer["explanation"]?["contributions"]?.AsArray()
            ?? throw new InvalidOperationException($"The prediction for entity {entity} came without the explanation it asked for.");
        var top = contributions
            .Select(c => ((string)c!["feature"]!, (double)c["contribution"]!))
            .OrderByDescending(c => Math.Abs(c.Item2))
            .Take(3)
            .ToArray();
        return new DemoPredictionResult((string)answer["predictionId"]!, entity, (double)answer["score"]!, (string?)answer["label"], (string)answer["variant"]!, top);
    }

    public static JsonObject ToJson(DemoPredictionResult result) => new()
    {
        ["prediction_id"] = result.PredictionId,
        ["entity"] = result.Entity,
        ["score"] = Math.Round(result.Score, 6),
        ["label"] = result.Label,
        ["variant"] = result.Variant,
        ["top_features"] = new JsonArray(result.TopFeatures.Select(f => (JsonNode)new JsonObject
        {
            ["feature"] = f.Feature,
            ["contribution"] = Math.Round(f.Contribution, 6),
        }).ToArray()),
    };
}
