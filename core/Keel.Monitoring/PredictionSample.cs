using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.Monitoring;

/// <summary>What drift monitoring reads of one <c>dev.keel.prediction.logged.v1</c>: whose, when, its feature values and its score.</summary>
public sealed record PredictionSample(string Tenant, string Model, int Version, bool Shadow, DateTimeOffset Time, IReadOnlyDictionary<string, object?> Features, double Score)
{
    /// <summary>The sample, or why the event cannot be one (the reason its dead letter carries).</summary>
    public static (PredictionSample? Sample, string? Problem) Read(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Type != KeelEventTypes.PredictionLogged)
        {
            return (null, $"type: drift monitoring reads {KeelEventTypes.PredictionLogged}, not '{cloudEvent.Type}'");
        }
        var data = cloudEvent.Data switch
        {
            JsonElement element => element,
            JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object)
        {
            return (null, "data: a prediction needs a JSON object");
        }
        if (!data.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("version", out var version) || !version.TryGetInt32(out var versionNumber) || versionNumber < 1
            || !data.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object
            || !output.TryGetProperty("score", out var score) || !score.TryGetDouble(out var scoreValue))
        {
            return (null, "data: a prediction needs 'model', 'version' (1 or more), 'features' (an object) and 'output.score' (a number)");
        }
        var shadow = data.TryGetProperty("shadow", out var flag) && flag.ValueKind == JsonValueKind.True;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var feature in features.EnumerateObject())
        {
            values[feature.Name] = feature.Value;
        }
        var time = cloudEvent.Time ?? DateTimeOffset.UtcNow;
        return (new PredictionSample(cloudEvent.GetTenant() ?? TenantName.Default, model.GetString()!, versionNumber, shadow, time, values, scoreValue), null);
    }

    /// <summary>The row a profile takes: the features and the score under <see cref="ReferenceProfiles.ScoreColumn"/>.</summary>
    public IReadOnlyDictionary<string, object?> Row()
    {
        var row = new Dictionary<string, object?>(Features, StringComparer.Ordinal) { [ReferenceProfiles.ScoreColumn] = Score };
        return row;
    }
}
