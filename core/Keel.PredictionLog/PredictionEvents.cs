using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.PredictionLog;

/// <summary>
/// Builds the <c>dev.keel.prediction.logged.v1</c> event of a prediction. The event id is the
/// prediction id, so the same prediction sent twice (a retry after a crash) is one id that
/// consumers drop; the subject is the model, which keys (and orders) a model's predictions on Kafka.
/// </summary>
public static partial class PredictionEvents
{
    public const string DefaultSource = "/keel/serving";

    public static CloudEvent Create(PredictionRecord record, string source = DefaultSource)
    {
        Validate(record);
        var data = new JsonObject
        {
            ["prediction_id"] = record.PredictionId,
            ["model"] = record.Model,
            ["version"] = record.Version,
            ["variant"] = record.Variant,
            ["entity"] = record.Entity,
            ["features"] = Features(record.Features),
            ["feature_views"] = FeatureViews(record.FeatureViews),
            ["output"] = Output(record.Output),
            ["latency_ms"] = record.LatencyMs,
            ["explanation"] = Explanation(record.Explanation),
            ["shadow"] = record.Shadow,
        };
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = record.PredictionId,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = KeelEventTypes.PredictionLogged,
            Time = record.Time == default ? DateTimeOffset.UtcNow : record.Time,
            Subject = record.Model,
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent.SetTenant(record.Tenant);
        // A malformed trace context would get the whole event dead-lettered; the prediction matters more than its trace.
        if (TraceParent.IsValid(record.TraceParent))
        {
            cloudEvent.SetTraceParent(record.TraceParent);
        }
        return cloudEvent;
    }

    /// <summary>
    /// Refuses, at the caller, what the event schema would refuse (missing ids, a model name with
    /// spaces, a NaN score), so that a bad record fails the call that made it instead of reaching
    /// the topic's dead-letter queue later. Feature values need no check: any value is carried.
    /// </summary>
    public static void Validate(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Require(!string.IsNullOrWhiteSpace(record.PredictionId) && record.PredictionId.Length <= CloudEventCodec.MaxAttributeLength,
            $"PredictionId must be 1 to {CloudEventCodec.MaxAttributeLength} characters.");
        Require(TenantName.IsValid(record.Tenant), $"Tenant \"{record.Tenant}\" is not a tenant name: {TenantName.Rule}.");
        Require(record.Model is not null && ModelPattern().IsMatch(record.Model),
            $"Model \"{record.Model}\" must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        Require(record.Version >= 1, "Version must be 1 or more.");
        Require(record.Variant is not null && VariantPattern().IsMatch(record.Variant),
            $"Variant \"{record.Variant}\" must be 1 to 64 letters, digits, '.', '_' or '-' (champion, challenger, …).");
        Require(record.Entity is null || record.Entity.Length is >= 1 and <= 256, "Entity must be 1 to 256 characters, or null.");
        Require(record.Features is not null && record.Features.Count <= MaxFeatures, $"Features are required (empty when the model takes none), at most {MaxFeatures}.");
        Require(record.FeatureViews is not null && record.FeatureViews.Count <= MaxFeatureViews, $"FeatureViews are required (empty when no view was read), at most {MaxFeatureViews}.");
        Require(record.FeatureViews!.Values.All(v => v is not null && ViewVersionPattern().IsMatch(v)), "FeatureViews map each view to its version (12 to 64 lower-case hex digits).");
        Require(record.Output is not null && double.IsFinite(record.Output.Score), "Output needs a finite score.");
        Require(double.IsFinite(record.LatencyMs) && record.LatencyMs >= 0, "LatencyMs must be a finite, non-negative number.");
        if (record.Explanation is { } explanation)
        {
            Require(double.IsFinite(explanation.ExpectedValue), "Explanation expected value must be finite.");
            Require(explanation.Method is { Length: >= 1 and <= 64 }, "Explanation method must be 1 to 64 characters.");
            Require(explanation.Contributions is not null && explanation.Contributions.Count <= MaxFeatures
                && explanation.Contributions.All(c => c is not null && !string.IsNullOrEmpty(c.Feature) && double.IsFinite(c.Contribution)),
                $"Explanation contributions (at most {MaxFeatures}) need a feature name and a finite contribution each.");
        }
    }

    private const int MaxFeatures = 1024;
    private const int MaxFeatureViews = 256;

    // The schema's patterns (dev.keel.prediction.logged.v1.json), with its ECMAScript semantics.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.ECMAScript)]
    private static partial Regex ModelPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.ECMAScript)]
    private static partial Regex VariantPattern();

    [GeneratedRegex("^[0-9a-f]{12,64}$", RegexOptions.ECMAScript)]
    private static partial Regex ViewVersionPattern();

    private static JsonObject Features(IReadOnlyDictionary<string, object?> features)
    {
        var json = new JsonObject();
        foreach (var (name, value) in features)
        {
            json[name] = JsonValues.From(value);
        }
        return json;
    }

    private static JsonObject FeatureViews(IReadOnlyDictionary<string, string> views)
    {
        var json = new JsonObject();
        foreach (var (view, version) in views)
        {
            json[view] = version;
        }
        return json;
    }

    private static JsonObject Output(PredictionOutput output)
    {
        var json = new JsonObject { ["score"] = output.Score };
        if (output.Label is not null)
        {
            json["label"] = JsonValues.From(output.Label);
        }
        return json;
    }

    private static JsonObject? Explanation(PredictionExplanation? explanation)
    {
        if (explanation is null)
        {
            return null;
        }
        var contributions = new JsonArray();
        foreach (var contribution in explanation.Contributions)
        {
            contributions.Add(new JsonObject
            {
                ["feature"] = contribution.Feature,
                ["value"] = JsonValues.From(contribution.Value),
                ["contribution"] = contribution.Contribution,
            });
        }
        return new JsonObject
        {
            ["expected_value"] = explanation.ExpectedValue,
            ["contributions"] = contributions,
            ["method"] = explanation.Method,
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "record");
        }
    }
}
