using System.Diagnostics;
using System.Diagnostics.Metrics;
using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Metering;

/// <summary>
/// Cost as Prometheus sees it, on the <c>Keel.Costs</c> meter: <c>keel.costs.cost</c> (money, by
/// tenant, team, cost centre, model, version, activity, kind and currency) and <c>keel.costs.usage</c>
/// (quantity by tenant, activity, kind and unit) grow as usage is recorded, so
/// <c>rate(keel_costs_cost_total[1h]) * 3600</c> is the hourly cost rate by any tag. Usage the book
/// cannot price counts in <c>keel.costs.unpriced</c> instead. Recorded when usage reaches the
/// ledger, not when it was used: the rate lags by the metering interval.
/// </summary>
public sealed class CostMetrics : IDisposable
{
    public const string MeterName = "Keel.Costs";

    private readonly Meter _meter;
    private readonly Counter<double> _cost;
    private readonly Counter<double> _usage;
    private readonly Counter<long> _unpriced;
    private readonly Counter<long> _recorded;

    public CostMetrics(IMeterFactory? meterFactory = null)
    {
        // A meter from the container's factory keeps two hosts in one process (tests) apart.
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _cost = _meter.CreateCounter<double>("keel.costs.cost", "{currency}", "Priced cost of recorded usage, in the price book's currency (the currency tag)");
        _usage = _meter.CreateCounter<double>("keel.costs.usage", "{unit}", "Recorded usage in its unit (the unit tag)");
        _unpriced = _meter.CreateCounter<long>("keel.costs.unpriced", "{record}", "Usage records the price book has no price for");
        _recorded = _meter.CreateCounter<long>("keel.costs.records", "{record}", "Usage records added to the ledger");
    }

    public void Record(IEnumerable<UsageRecord> records, PriceBook? book)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ledger = book is null ? null : new CostLedger(book);
        foreach (var record in records)
        {
            var tags = record.Tags;
            var kind = ResourceKinds.Name(record.Item.Kind);
            var activity = CostMeteredEvent.ActivityName(record.Activity);
            _recorded.Add(1, new TagList { { "tenant", tags.Tenant }, { "activity", activity } });
            _usage.Add((double)record.Quantity, new TagList { { "tenant", tags.Tenant }, { "activity", activity }, { "kind", kind }, { "unit", record.Unit } });
            if (ledger is null)
            {
                _unpriced.Add(1, new TagList { { "tenant", tags.Tenant }, { "kind", kind } });
                continue;
            }
            decimal cost;
            try
            {
                cost = ledger.Price(record).Cost;
            }
            catch (PriceBookException)
            {
                _unpriced.Add(1, new TagList { { "tenant", tags.Tenant }, { "kind", kind } });
                continue;
            }
            _cost.Add((double)cost, new TagList
            {
                { "tenant", tags.Tenant }, { "team", tags.Team }, { "cost_centre", tags.CostCentre }, { "model", tags.Model },
                { "version", tags.Version }, { "activity", activity }, { "kind", kind }, { "currency", book!.Currency.Code },
            });
        }
    }

    public void Dispose() => _meter.Dispose();
}
