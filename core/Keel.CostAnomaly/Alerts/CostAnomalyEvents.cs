using System.Security.Cryptography;
using System.Text;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.CostAnomaly.Alerts;

/// <summary>Wraps an alert in its CloudEvent for <c>keel.alerts</c>.</summary>
public static class CostAnomalyEvents
{
    public const string Source = "/keel/functions/detect-cost-anomaly";

    public static CloudEvent Create(CostAnomalyAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        // Derived from the series, the incident and when it was announced: the same alert raised again
        // after a restart carries the same id, which consumers drop.
        var identity = $"{alert.Series}\n{alert.IncidentSince:O}\n{alert.Hour:O}";
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32],
            Source = new Uri(Source, UriKind.Relative),
            Type = KeelEventTypes.CostAnomaly,
            Time = alert.DetectedAt,
            Subject = alert.Series.ToString(),
            DataContentType = "application/json",
            Data = CostAnomalyPayload.ToJson(alert),
        };
        cloudEvent.SetTenant(alert.Tenant);
        return cloudEvent;
    }
}
