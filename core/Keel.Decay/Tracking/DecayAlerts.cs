using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Decay.Metrics;
using Keel.Decay.Storage;
using Keel.Events;

namespace Keel.Decay.Tracking;

/// <summary>Builds <c>dev.keel.decay.detected.v1</c>.</summary>
public static class DecayAlerts
{
    public const string Source = "/keel/functions/track-decay";

    /// <param name="window">The labelled predictions the live metrics were computed on, newest label first.</param>
    public static CloudEvent Create(VersionKey key, DecayAssessment assessment, LiveMetrics live, DecayBaseline baseline,
        IReadOnlyList<LabelledPrediction> window, DateTimeOffset now)
    {
        var degraded = new JsonArray();
        foreach (var metric in assessment.Degraded)
        {
            degraded.Add(new JsonObject
            {
                ["metric"] = metric.Metric,
                ["live"] = metric.Live,
                ["registered"] = metric.Registered,
                ["margin"] = metric.Margin,
            });
        }
        var data = new JsonObject
        {
            ["tenant"] = key.Tenant,
            ["model"] = key.Model,
            ["version"] = key.Version,
            ["labels"] = live.Count,
            ["degraded"] = degraded,
            ["live"] = Numbers(live.ByName()),
            ["registered"] = Numbers(baseline.Metrics),
            ["window"] = new JsonObject
            {
                ["size"] = window.Count,
                ["from"] = window.Min(p => p.PredictedAt).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["to"] = window.Max(p => p.PredictedAt).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            },
            ["detected_at"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        // Derived from the window's newest label: handling the same labels again raises the same event, which consumers drop.
        var identity = $"{key.Tenant}\n{key.Model}\n{key.Version}\n{window.Max(p => p.LabelSequence)}";
        var alert = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32],
            Source = new Uri(Source, UriKind.Relative),
            Type = KeelEventTypes.DecayDetected,
            Time = now,
            Subject = key.Model,
            DataContentType = "application/json",
            Data = data,
        };
        alert.SetTenant(key.Tenant);
        return alert;
    }

    private static JsonObject Numbers(IReadOnlyDictionary<string, double> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values.Where(v => double.IsFinite(v.Value)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            json[name] = value;
        }
        return json;
    }
}
