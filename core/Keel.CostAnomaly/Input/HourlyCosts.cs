using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.CostAnomaly.Input;

/// <summary>
/// Turns metered usage (a <c>cost.metered</c> record, which carries usage, not money) into the hourly
/// cost the detector judges: priced with the price book, cut at every hour boundary it spans, in the
/// series of its tenant, team and model, with what it was spent on (kind, variant, version) as contributor.
/// </summary>
public static class HourlyCosts
{
    public static IEnumerable<MeteredCost> Of(UsageRecord record, CostLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(ledger);
        var series = SeriesKey.Of(("tenant", record.Tags.Tenant), ("team", record.Tags.Team), ("model", record.Tags.Model));
        var contributor = Contributor(record);
        if (record.Start == record.End)
        {
            var cost = ledger.Price(record).Cost;
            yield return new MeteredCost(series, record.Start, cost, new Dictionary<string, decimal> { [contributor] = cost });
            yield break;
        }
        for (var hour = Truncate(record.Start); hour < record.End; hour = hour.AddHours(1))
        {
            var cost = ledger.Price([record], hour, hour.AddHours(1)).Sum(line => line.Cost);
            if (cost > 0)
            {
                yield return new MeteredCost(series, hour, cost, new Dictionary<string, decimal> { [contributor] = cost });
            }
        }
    }

    private static string Contributor(UsageRecord record)
    {
        var item = ResourceKinds.Name(record.Item.Kind) + (record.Item.Variant is { Length: > 0 } variant ? "/" + variant : "");
        return record.Tags.Version == AttributionTags.Untagged ? item : $"{item}@v{record.Tags.Version}";
    }

    private static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
