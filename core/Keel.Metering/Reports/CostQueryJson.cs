using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Costs.Attribution;
using Keel.Costs.Pricing;
using Keel.Costs.Reports;

namespace Keel.Metering;

/// <summary>
/// The cost answers as JSON (snake_case). Money appears twice: rounded to the minor unit as text,
/// as people read it, and unrounded as a number, for reconciliation.
/// </summary>
public static class CostQueryJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(CostQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var node = new JsonObject
        {
            ["tenant"] = result.Tenant,
            ["by"] = CostDimensions.Name(result.Dimension),
            ["from"] = Time(result.From),
            ["to"] = Time(result.To),
            ["priced"] = result.Priced,
        };
        if (result.Problem is { } problem)
        {
            node["problem"] = problem;
        }
        if (result.Report is { } report)
        {
            node["currency"] = report.Currency.Code;
            node["total"] = Money.Format(report.Rollup.Total, report.Currency);
            node["total_unrounded"] = report.Rollup.Total;
            node["rows"] = new JsonArray(report.Rollup.Rows.Select(row => (JsonNode?)new JsonObject
            {
                ["key"] = row.Key,
                ["cost"] = Money.Format(row.Cost, report.Currency),
                ["cost_unrounded"] = row.Cost,
                ["share"] = Math.Round(report.Share(row), 6, Money.Rule),
                ["records"] = row.Records,
            }).ToArray());
        }
        node["usage"] = new JsonArray(result.Usage.Select(row => (JsonNode?)new JsonObject
        {
            ["key"] = row.Key,
            ["item"] = row.Kind,
            ["unit"] = row.Unit,
            ["quantity"] = row.Quantity,
            ["records"] = row.Records,
        }).ToArray());
        return node.ToJsonString(Indented);
    }

    public static string Write(UnitCostResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var currency = result.Currency;
        var node = new JsonObject
        {
            ["tenant"] = result.Tenant,
            ["from"] = Time(result.From),
            ["to"] = Time(result.To),
            ["priced"] = result.Priced,
        };
        if (result.Problem is { } problem)
        {
            node["problem"] = problem;
        }
        if (currency is not null)
        {
            node["currency"] = currency.Code;
        }
        var versions = result.Priced
            ? result.Versions.Select(v => (JsonNode?)new JsonObject
            {
                ["model"] = v.Model,
                ["version"] = v.Version,
                ["predictions"] = v.Predictions,
                ["inference_cost"] = currency is null ? null : Money.Format(v.Cost, currency),
                ["inference_cost_unrounded"] = v.Cost,
                ["cost_per_1000_predictions"] = v.PerThousand is { } perThousand && currency is not null ? Money.Format(perThousand, currency) : null,
                ["cost_per_1000_predictions_unrounded"] = v.PerThousand,
            })
            : result.Predictions.OrderBy(p => p.Key.Model, StringComparer.Ordinal).ThenBy(p => p.Key.Version, StringComparer.Ordinal)
                .Select(p => (JsonNode?)new JsonObject { ["model"] = p.Key.Model, ["version"] = p.Key.Version, ["predictions"] = p.Value });
        node["versions"] = new JsonArray(versions.ToArray());
        return node.ToJsonString(Indented);
    }

    public static string Write(IdleEndpointsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var currency = result.Currency;
        var node = new JsonObject
        {
            ["tenant"] = result.Tenant,
            ["at"] = Time(result.At),
            ["idle_after_hours"] = result.Period.TotalHours,
            ["priced"] = currency is not null,
        };
        if (result.Problem is { } problem)
        {
            node["problem"] = problem;
        }
        if (currency is not null)
        {
            node["currency"] = currency.Code;
        }
        node["endpoints"] = new JsonArray(result.Endpoints.Select(e => (JsonNode?)new JsonObject
        {
            ["deployment"] = e.Deployment,
            ["idle_since"] = Time(e.IdleSince),
            ["idle_hours"] = Math.Round(e.IdleFor.TotalHours, 2),
            ["hourly_cost"] = currency is null ? null : Money.Format(e.HourlyCost, currency),
            ["cost_while_idle"] = currency is null ? null : Money.Format(e.CostWhileIdle, currency),
        }).ToArray());
        return node.ToJsonString(Indented);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
