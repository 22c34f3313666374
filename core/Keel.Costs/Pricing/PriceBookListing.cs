using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.Costs.Pricing;

/// <summary>
/// A price book written one way: its currency and every price as <c>item</c>, <c>unit_price</c> and
/// <c>effective_from</c>, in a fixed order. Two books with the same prices have the same
/// <see cref="Fingerprint"/> however they were written (file or configuration, any order), which is
/// what lets a change of prices be told from a restart.
/// </summary>
public sealed record PriceBookListing(string Currency, IReadOnlyList<PriceBookListing.Line> Lines)
{
    /// <summary>One price: the item (<c>kind</c> or <c>kind:variant</c>), the amount and when it takes effect.</summary>
    public sealed record Line(string Item, decimal UnitPrice, DateTimeOffset EffectiveFrom)
    {
        internal string Text => string.Create(CultureInfo.InvariantCulture,
            $"{Item}|{Amount(UnitPrice)}|{EffectiveFrom.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}");
    }

    public static PriceBookListing Of(PriceBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return new PriceBookListing(book.Currency.Code,
            [.. book.Prices.Select(p => new Line(p.Key.ToString(), p.Amount, p.EffectiveFrom)).OrderBy(l => l.Text, StringComparer.Ordinal)]);
    }

    /// <summary>SHA-256 of the currency and the ordered lines, lower-case hex.</summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder(Currency).Append('\n');
            foreach (var line in Lines)
            {
                text.Append(line.Text).Append('\n');
            }
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    /// <summary>The lines of this listing that <paramref name="other"/> does not have.</summary>
    public IReadOnlyList<Line> Except(PriceBookListing? other)
    {
        var theirs = other?.Lines.Select(l => l.Text).ToHashSet(StringComparer.Ordinal) ?? [];
        return [.. Lines.Where(l => !theirs.Contains(l.Text))];
    }

    public JsonArray LinesJson() => LinesJson(Lines);

    public static JsonArray LinesJson(IEnumerable<Line> lines) => new([.. lines.Select(l => (JsonNode)new JsonObject
    {
        ["item"] = l.Item,
        ["unit_price"] = Amount(l.UnitPrice),
        ["effective_from"] = l.EffectiveFrom.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    })]);

    /// <summary>Reads what <see cref="LinesJson()"/> wrote; null when the JSON is not such a listing.</summary>
    public static PriceBookListing? FromJson(string? currency, JsonNode? lines)
    {
        if (currency is null || lines is not JsonArray array)
        {
            return null;
        }
        var read = new List<Line>();
        foreach (var node in array)
        {
            if (node?["item"]?.GetValue<string>() is not { } item
                || !decimal.TryParse(node["unit_price"]?.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var price)
                || !DateTimeOffset.TryParse(node["effective_from"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                return null;
            }
            read.Add(new Line(item, price, from));
        }
        return new PriceBookListing(currency, [.. read.OrderBy(l => l.Text, StringComparer.Ordinal)]);
    }

    // Without trailing zeros (0.0100 and 0.01 are one price), so a change of formatting never reads as a change of price.
    private static string Amount(decimal price) => (price / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
