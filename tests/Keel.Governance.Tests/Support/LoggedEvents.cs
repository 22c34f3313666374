using CloudNative.CloudEvents;
using Keel.Events;
using Keel.PredictionLog;

namespace Keel.Governance.Tests;

/// <summary>Predictions as the index receives them: built by the prediction log, encoded and decoded as on Kafka.</summary>
public static class LoggedEvents
{
    public static readonly IReadOnlyDictionary<string, string> Views = new Dictionary<string, string> { ["loan_features"] = "0123456789abcdef" };

    public static PredictionRecord Record(string tenant, string id, string model, int version, IReadOnlyDictionary<string, object?> features, double score, DateTimeOffset time, object? label = null) =>
        new(id, tenant, model, version, "default", "c000042", features, Views, new PredictionOutput(score, label), 3.5) { Time = time };

    public static CloudEvent Of(PredictionRecord record)
    {
        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(PredictionEvents.Create(record)));
        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems.Select(p => p.ToString())));
        return decoded.Event!;
    }
}
