using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.Governance;

/// <summary>Reads the <c>prediction.logged</c> events the index keeps (already checked against their schema by the codec).</summary>
public static class LoggedPredictions
{
    /// <summary>The prediction an event logged, or why it cannot be kept.</summary>
    public static (IndexedPrediction? Prediction, string? Problem) Read(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Type != KeelEventTypes.PredictionLogged)
        {
            return (null, $"expected {KeelEventTypes.PredictionLogged}, was {cloudEvent.Type}");
        }
        // Filing a prediction under a guessed tenant could show it to the wrong one: without a valid tenant it is refused.
        if (cloudEvent.GetTenant() is not { } tenant || !TenantName.IsValid(tenant))
        {
            return (null, $"the tenant extension is missing or invalid ({TenantName.Rule})");
        }
        if (cloudEvent.Time is not { } time)
        {
            return (null, "time is required: timestamp features are explained as of the prediction's time");
        }
        var data = Data(cloudEvent);
        if (data.ValueKind != JsonValueKind.Object
            || !Text(data, "prediction_id", out var predictionId)
            || !Text(data, "model", out var model)
            || !data.TryGetProperty("version", out var version) || !version.TryGetInt32(out var versionNumber)
            || !Text(data, "variant", out var variant)
            || !data.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("output", out var output) || !output.TryGetProperty("score", out var score) || !score.TryGetDouble(out var scoreValue))
        {
            return (null, "data must hold prediction_id, model, version, variant, features and output.score");
        }
        var entity = data.TryGetProperty("entity", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        JsonElement? label = output.TryGetProperty("label", out var l) && l.ValueKind != JsonValueKind.Null ? l.Clone() : null;
        var views = data.TryGetProperty("feature_views", out var v) ? PredictionJson.Strings(v) : [];
        var explanation = data.TryGetProperty("explanation", out var x) ? PredictionJson.Explanation(x) : null;
        var shadow = data.TryGetProperty("shadow", out var s) && s.ValueKind == JsonValueKind.True;
        return (new IndexedPrediction(tenant, predictionId, model, versionNumber, variant, entity, time.ToUniversalTime(),
            PredictionJson.Members(features), views, scoreValue, label, explanation, shadow, cloudEvent.GetTraceParent()), null);
    }

    private static bool Text(JsonElement data, string name, out string value)
    {
        value = data.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return value.Length > 0;
    }

    private static JsonElement Data(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        JsonElement element => element,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        _ => default,
    };
}
