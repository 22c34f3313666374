using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.PredictionLog;

/// <summary>
/// Builds the <c>dev.keel.feedback.label.v1</c> event for <c>POST /api/feedback</c>. Its id is
/// derived from tenant, prediction, observation time and label, so a client that retries the same
/// feedback produces the same event and consumers drop the repeat; the subject is the prediction id.
/// </summary>
public static class FeedbackEvents
{
    public const string DefaultSource = "/keel/api/feedback";

    public static CloudEvent Create(
        string tenant,
        string predictionId,
        object label,
        DateTimeOffset observedAt,
        string? model = null,
        int? version = null,
        string? traceParent = null,
        string source = DefaultSource)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"\"{tenant}\" is not a tenant name: {TenantName.Rule}.", nameof(tenant));
        }
        if (string.IsNullOrWhiteSpace(predictionId) || predictionId.Length > CloudEventCodec.MaxAttributeLength)
        {
            throw new ArgumentException($"prediction_id must be 1 to {CloudEventCodec.MaxAttributeLength} characters.", nameof(predictionId));
        }
        var labelJson = label switch
        {
            string text when text.Length is >= 1 and <= 256 => JsonValues.From(text),
            string => throw new ArgumentException("label: a text label must be 1 to 256 characters.", nameof(label)),
            bool or byte or sbyte or short or ushort or int or uint or long or ulong or decimal => JsonValues.From(label),
            double number when double.IsFinite(number) => JsonValues.From(number),
            float number when float.IsFinite(number) => JsonValues.From(number),
            _ => throw new ArgumentException("label must be a string, a finite number or a boolean.", nameof(label)),
        };
        if (version is < 1)
        {
            throw new ArgumentException("version must be 1 or more.", nameof(version));
        }

        var observed = observedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var data = new JsonObject
        {
            ["prediction_id"] = predictionId,
            ["label"] = labelJson,
            ["observed_at"] = observed,
        };
        if (!string.IsNullOrEmpty(model))
        {
            data["model"] = model;
        }
        if (version is { } versionNumber)
        {
            data["version"] = versionNumber;
        }
        var identity = $"{tenant}\n{predictionId}\n{observed}\n{labelJson!.ToJsonString()}";
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32],
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = KeelEventTypes.FeedbackLabel,
            Time = observedAt,
            Subject = predictionId,
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent.SetTenant(tenant);
        var trace = traceParent ?? TraceParent.From(Activity.Current);
        if (TraceParent.IsValid(trace))
        {
            cloudEvent.SetTraceParent(trace);
        }
        return cloudEvent;
    }
}
