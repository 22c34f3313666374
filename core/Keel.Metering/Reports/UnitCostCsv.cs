using System.Globalization;
using System.Text;
using Keel.Costs.Pricing;
using Keel.Costs.Reports;

namespace Keel.Metering;

/// <summary>Cost per 1,000 predictions as RFC 4180 CSV, rounded amounts beside the unrounded ones.</summary>
public static class UnitCostCsv
{
    public static string Write(UnitCostResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var currency = result.Currency ?? throw new ArgumentException("Only a priced result has a currency to write.", nameof(result));
        var csv = new StringBuilder();
        Line(csv, "model", "version", "currency", "predictions", "inference_cost", "inference_cost_unrounded", "cost_per_1000_predictions",
            "cost_per_1000_predictions_unrounded");
        foreach (var version in result.Versions)
        {
            Line(csv, version.Model, version.Version, currency.Code, version.Predictions.ToString(CultureInfo.InvariantCulture),
                Money.Format(version.Cost, currency), version.Cost.ToString(CultureInfo.InvariantCulture),
                version.PerThousand is { } rate ? Money.Format(rate, currency) : "",
                version.PerThousand?.ToString(CultureInfo.InvariantCulture) ?? "");
        }
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, params string[] fields) =>
        csv.AppendJoin(',', fields.Select(CostReportCsv.Field)).Append("\r\n");
}
