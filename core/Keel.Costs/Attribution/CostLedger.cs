using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Costs.Attribution;

/// <summary>
/// Prices usage with a price book. A record's quantity is spread evenly over its span; the part in
/// the window [from, to) is cut at each price change and each piece priced at its own price. An
/// instant record belongs to the window holding its moment.
/// </summary>
public sealed class CostLedger(PriceBook prices)
{
    public PriceBook Prices { get; } = prices ?? throw new ArgumentNullException(nameof(prices));

    /// <summary>The cost lines of the records that overlap the window; a record outside it yields none.</summary>
    /// <exception cref="PriceBookException">The book has no price for some usage in the window; the whole report fails rather than leave it out.</exception>
    public IReadOnlyList<CostLine> Price(IEnumerable<UsageRecord> records, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (to <= from)
        {
            throw new ArgumentException($"The window [{from:O}, {to:O}) is empty.", nameof(to));
        }
        var lines = new List<CostLine>();
        foreach (var record in records)
        {
            if (Price(record, from, to) is { } line)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>The record's whole cost.</summary>
    public CostLine Price(UsageRecord record) => Price(record, record.Start, record.End > record.Start ? record.End : record.End.AddTicks(1))!;

    private CostLine? Price(UsageRecord record, DateTimeOffset from, DateTimeOffset to)
    {
        if (record.Start == record.End)
        {
            if (record.Start < from || record.Start >= to)
            {
                return null;
            }
            var span = Prices.Spans(record.Item, record.Start, record.Start)[0];
            return new CostLine(record, [new CostPiece(record.Start, record.End, record.Quantity, span.UnitPrice)]);
        }
        var start = record.Start > from ? record.Start : from;
        var end = record.End < to ? record.End : to;
        if (start >= end)
        {
            return null;
        }
        var spans = Prices.Spans(record.Item, start, end);
        var whole = spans.Count == 1 && start == record.Start && end == record.End;
        if (whole)
        {
            return new CostLine(record, [new CostPiece(start, end, record.Quantity, spans[0].UnitPrice)]);
        }
        // Shares of the record's whole span, not of the clipped part, so a record cut by a window
        // is charged in each window for exactly the time that falls in it.
        var quantities = Apportionment.ByWeight(record.Quantity, Cuts(record, spans));
        var pieces = new CostPiece[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            pieces[i] = new CostPiece(spans[i].From, spans[i].To, quantities[i + 1], spans[i].UnitPrice);
        }
        return new CostLine(record, pieces);
    }

    /// <summary>The record's ticks before the window, in each priced span, and after the window.</summary>
    private static long[] Cuts(UsageRecord record, IReadOnlyList<PricedSpan> spans)
    {
        var weights = new long[spans.Count + 2];
        weights[0] = (spans[0].From - record.Start).Ticks;
        for (var i = 0; i < spans.Count; i++)
        {
            weights[i + 1] = (spans[i].To - spans[i].From).Ticks;
        }
        weights[^1] = (record.End - spans[^1].To).Ticks;
        return weights;
    }
}
