using System.Globalization;
using System.Text.Json.Nodes;

namespace Keel.CostAnomaly.Alerts;

/// <summary>The JSON of <c>dev.keel.cost.anomaly.v1</c>, as its schema in Keel.Events describes it.</summary>
public static class CostAnomalyPayload
{
    public static JsonObject ToJson(CostAnomalyAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var tags = new JsonObject();
        foreach (var (name, value) in alert.Series.Tags)
        {
            tags[name] = value;
        }
        var contributors = new JsonArray();
        foreach (var rise in alert.TopContributors)
        {
            contributors.Add(new JsonObject
            {
                ["contributor"] = rise.Contributor,
                ["observed"] = rise.Observed,
                ["expected"] = rise.Expected,
                ["rise"] = rise.Rise,
            });
        }
        return new JsonObject
        {
            ["tenant"] = alert.Tenant,
            ["series"] = tags,
            ["hour"] = Instant(alert.Hour),
            ["observed"] = alert.Observed,
            ["expected"] = new JsonObject
            {
                ["value"] = alert.Expected,
                ["lower"] = alert.Lower,
                ["upper"] = alert.Upper,
                ["basis"] = alert.Basis.ToString().ToLowerInvariant(),
                ["level"] = Math.Round(alert.Level, 4),
            },
            ["score"] = double.IsFinite(alert.Score) ? Math.Round(alert.Score, 3) : 0,
            ["top_contributors"] = contributors,
            ["incident_since"] = Instant(alert.IncidentSince),
            ["detected_at"] = Instant(alert.DetectedAt),
        };
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
