using System.Collections.Frozen;
using System.Globalization;

namespace Keel.Costs.Pricing;

/// <summary>
/// Unit prices in one currency, each in effect from its date until the same item's next price.
/// Built only from validated options (<see cref="PriceBookBuilder"/>), so every item's prices are
/// non-negative and have distinct dates.
/// </summary>
public sealed class PriceBook
{
    private readonly FrozenDictionary<PriceKey, UnitPrice[]> _byKey;

    internal PriceBook(Currency currency, IEnumerable<UnitPrice> prices)
    {
        Currency = currency;
        _byKey = prices.GroupBy(p => p.Key)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).ToArray());
    }

    public Currency Currency { get; }

    public IEnumerable<UnitPrice> Prices => _byKey.Values.SelectMany(p => p).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom);

    /// <summary>
    /// The prices that hold over [from, to), cut at every price change inside it; an instant
    /// (from equal to to) gets the one price in effect at that moment.
    /// </summary>
    /// <exception cref="PriceBookException">No price for the item is in effect at <paramref name="from"/>.</exception>
    public IReadOnlyList<PricedSpan> Spans(PriceKey key, DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The span ends ({to:O}) before it starts ({from:O}).", nameof(to));
        }
        if (!_byKey.TryGetValue(key, out var prices))
        {
            throw new PriceBookException($"The price book has no price for {key}; priced items: {string.Join(", ", _byKey.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal))}.");
        }
        var current = Array.FindLastIndex(prices, p => p.EffectiveFrom <= from);
        if (current < 0)
        {
            throw new PriceBookException(string.Create(CultureInfo.InvariantCulture,
                $"No price for {key} is in effect at {from:O}; its first price is effective from {prices[0].EffectiveFrom:O}."));
        }
        var spans = new List<PricedSpan>();
        var start = from;
        for (var i = current; i < prices.Length; i++)
        {
            var next = i + 1 < prices.Length ? prices[i + 1].EffectiveFrom : DateTimeOffset.MaxValue;
            if (next >= to || from == to)
            {
                spans.Add(new PricedSpan(start, to, prices[i].Amount));
                break;
            }
            spans.Add(new PricedSpan(start, next, prices[i].Amount));
            start = next;
        }
        return spans;
    }
}
