using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Costs.Reports;

namespace Keel.Metering;

/// <summary>
/// Reads the ledger for one tenant and prices it with the configured book: rollups by team, model,
/// tenant, version (…) and cost per 1,000 predictions per model version. Without a usable book the
/// answers carry the usage and the reason instead of money.
/// </summary>
public sealed class CostQueries(UsageLedger ledger, PriceBookSource prices)
{
    public async Task<CostQueryResult> ReportAsync(string tenant, CostDimension dimension, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        CheckWindow(from, to);
        var entries = await ledger.ReadAsync(tenant, from, to, cancellationToken).ConfigureAwait(false);
        var records = entries.Select(e => e.Record).ToArray();
        var usage = UsageRows(records, dimension, from, to);
        if (prices.Book is not { } book)
        {
            return new CostQueryResult(tenant, dimension, from, to, null, usage, prices.Problem ?? PriceBookSource.NotConfigured);
        }
        try
        {
            var lines = new CostLedger(book).Price(records, from, to);
            return new CostQueryResult(tenant, dimension, from, to, new CostReport(CostRollup.Of(lines, dimension), book.Currency, from, to), usage, null);
        }
        catch (PriceBookException ex)
        {
            // Leaving the usage out would understate the cost; pricing it at zero would hide it.
            return new CostQueryResult(tenant, dimension, from, to, null, usage, ex.Message);
        }
    }

    /// <summary>
    /// The cost of one run, for its run page: the records tagged with its id among those that started in
    /// [<paramref name="from"/>, <paramref name="to"/>) — the run's own time, with the metering's delay after it.
    /// </summary>
    public async Task<RunCost> RunCostAsync(string tenant, string runId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        CheckWindow(from, to);
        var records = (await ledger.ReadAsync(tenant, from, to, cancellationToken).ConfigureAwait(false))
            .Select(e => e.Record).Where(r => r.Tags.RunId == runId).ToArray();
        RunCostLine Line(UsageRecord record, decimal? cost) =>
            new(ResourceKinds.Name(record.Item.Kind), record.Item.Variant is { Length: > 0 } v ? v : null, record.Quantity, record.Unit, cost);
        if (prices.Book is not { } book)
        {
            return new RunCost(runId, null, null, records.Select(r => Line(r, null)).ToArray(), prices.Problem ?? PriceBookSource.NotConfigured);
        }
        try
        {
            var pricing = new CostLedger(book);
            var lines = records.Select(r => Line(r, pricing.Price(r).Cost)).ToArray();
            return new RunCost(runId, book.Currency.Code, lines.Sum(l => l.Cost!.Value), lines, null);
        }
        catch (PriceBookException ex)
        {
            return new RunCost(runId, book.Currency.Code, null, records.Select(r => Line(r, null)).ToArray(), ex.Message);
        }
    }

    /// <summary>
    /// Each version's inference cost over its predictions. A usage record counts in the window its
    /// start falls in, whole, so its cost and its predictions are never split apart at the edges.
    /// </summary>
    public async Task<UnitCostResult> PerThousandPredictionsAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        CheckWindow(from, to);
        var entries = (await ledger.ReadAsync(tenant, from, to, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Record.Activity == MeteredActivity.Inference && e.Record.Start >= from && e.Record.Start < to)
            .ToArray();
        var predictions = entries
            .GroupBy(e => (e.Record.Tags.Model, e.Record.Tags.Version))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Predictions));
        if (prices.Book is not { } book)
        {
            return new UnitCostResult(tenant, from, to, null, [], predictions, prices.Problem ?? PriceBookSource.NotConfigured);
        }
        try
        {
            var ledgerOfBook = new CostLedger(book);
            var lines = entries.Select(e => ledgerOfBook.Price(e.Record)).ToArray();
            return new UnitCostResult(tenant, from, to, book.Currency, CostPerThousandPredictions.Of(lines, predictions), predictions, null);
        }
        catch (PriceBookException ex)
        {
            return new UnitCostResult(tenant, from, to, book.Currency, [], predictions, ex.Message);
        }
    }

    /// <summary>Usage in the window by group and kind; a record's quantity is cut to the window in proportion to its time in it.</summary>
    private static IReadOnlyList<UsageRow> UsageRows(IReadOnlyList<UsageRecord> records, CostDimension dimension, DateTimeOffset from, DateTimeOffset to) =>
        records
            .Select(r => (Record: r, Quantity: InWindow(r, from, to)))
            .Where(r => r.Quantity is not null)
            .GroupBy(r => (Key: CostDimensions.KeyOf(r.Record.Tags, dimension), r.Record.Item))
            .Select(g => new UsageRow(g.Key.Key, g.Key.Item.ToString(), ResourceKinds.Unit(g.Key.Item.Kind), g.Sum(r => r.Quantity!.Value), g.Count()))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ToArray();

    private static decimal? InWindow(UsageRecord record, DateTimeOffset from, DateTimeOffset to)
    {
        if (record.Start == record.End)
        {
            return record.Start >= from && record.Start < to ? record.Quantity : null;
        }
        var start = record.Start > from ? record.Start : from;
        var end = record.End < to ? record.End : to;
        if (start >= end)
        {
            return null;
        }
        return start == record.Start && end == record.End
            ? record.Quantity
            : Money.Carry(record.Quantity * (end - start).Ticks / (record.End - record.Start).Ticks);
    }

    private static void CheckWindow(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"The window [{from:O}, {to:O}) is empty.", nameof(to));
        }
    }
}
