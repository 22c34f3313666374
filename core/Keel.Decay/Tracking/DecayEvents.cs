using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Decay.Storage;
using Keel.Events;

namespace Keel.Decay.Tracking;

/// <summary>Reads the events decay tracking consumes (already checked against their schemas by the codec).</summary>
public static class DecayEvents
{
    /// <summary>A <c>prediction.logged</c> event, or the reason it cannot be one.</summary>
    public static (ObservedPrediction? Prediction, string? Problem) ReadPrediction(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Type != KeelEventTypes.PredictionLogged)
        {
            return (null, $"expected {KeelEventTypes.PredictionLogged}, was {cloudEvent.Type}");
        }
        var data = Data(cloudEvent);
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("prediction_id", out var id) || id.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("version", out var version) || !version.TryGetInt32(out var versionNumber)
            || !data.TryGetProperty("output", out var output) || !output.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number)
        {
            return (null, "data must hold prediction_id, model, version and output.score");
        }
        var predictionId = id.GetString()!;
        var shadow = data.TryGetProperty("shadow", out var flag) && flag.ValueKind == JsonValueKind.True;
        var variant = data.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        // A shadow score's id is "{prediction id}.{variant}": its label arrives under the id of the prediction it shadowed.
        var joinId = shadow && variant is not null && predictionId.EndsWith("." + variant, StringComparison.Ordinal)
            ? predictionId[..^(variant.Length + 1)]
            : predictionId;
        return (new ObservedPrediction(cloudEvent.Id!, cloudEvent.GetTenant() ?? TenantName.Default, predictionId, joinId,
            model.GetString()!, versionNumber, score.GetDouble(), cloudEvent.Time ?? DateTimeOffset.UtcNow), null);
    }

    /// <summary>A <c>feedback.label</c> event, or the reason it cannot be one.</summary>
    public static (ObservedLabel? Label, string? Problem) ReadLabel(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Type != KeelEventTypes.FeedbackLabel)
        {
            return (null, $"expected {KeelEventTypes.FeedbackLabel}, was {cloudEvent.Type}");
        }
        var data = Data(cloudEvent);
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("prediction_id", out var id) || id.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("label", out var label) || label.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            || !data.TryGetProperty("observed_at", out var observed) || !observed.TryGetDateTimeOffset(out var observedAt))
        {
            return (null, "data must hold prediction_id, label and observed_at");
        }
        return (new ObservedLabel(cloudEvent.Id!, cloudEvent.GetTenant() ?? TenantName.Default, id.GetString()!, label.GetRawText(), observedAt), null);
    }

    private static JsonElement Data(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        JsonElement element => element,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        _ => default,
    };
}
