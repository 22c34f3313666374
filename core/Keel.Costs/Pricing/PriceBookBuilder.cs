using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Costs.Pricing;

/// <summary>Checks configured price book options and builds the book, naming every problem at once.</summary>
public static partial class PriceBookBuilder
{
    /// <param name="origin">Where the options came from (a configuration section or file path), for the error message.</param>
    /// <exception cref="PriceBookException">The options break one or more rules.</exception>
    public static PriceBook Build(PriceBookOptions options, string origin)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var currency = CurrencyOf(options, problems);
        var prices = new List<UnitPrice>();
        var seen = new Dictionary<(PriceKey, DateTimeOffset), int>();
        for (var i = 0; i < options.Prices.Count; i++)
        {
            var at = $"Prices[{i}]";
            var price = options.Prices[i];
            if (price is null)
            {
                problems.Add($"{at}: empty entry.");
                continue;
            }
            var valid = true;
            if (!ResourceKinds.TryParse(price.Kind, out var kind))
            {
                problems.Add($"{at}.Kind: '{price.Kind}' is not one of {string.Join(", ", ResourceKinds.Names)}.");
                valid = false;
            }
            else
            {
                var meaning = ResourceKinds.VariantMeaning(kind);
                if (meaning is not null && string.IsNullOrWhiteSpace(price.Variant))
                {
                    problems.Add($"{at}.Variant: a {ResourceKinds.Name(kind)} price needs its {meaning}.");
                    valid = false;
                }
                else if (meaning is null && !string.IsNullOrWhiteSpace(price.Variant))
                {
                    problems.Add($"{at}.Variant: a {ResourceKinds.Name(kind)} price has no variant, but '{price.Variant}' was given.");
                    valid = false;
                }
            }
            if (price.UnitPrice is not { } amount)
            {
                problems.Add($"{at}.UnitPrice: missing.");
                valid = false;
            }
            else if (amount < 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{at}.UnitPrice: {amount} is negative; prices must be zero or more."));
                valid = false;
            }
            if (price.EffectiveFrom is not { } from)
            {
                problems.Add($"{at}.EffectiveFrom: missing.");
                valid = false;
            }
            if (price.Currency is { } own && currency is not null && !string.Equals(own.Trim(), currency.Code, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{at}.Currency: '{own}' differs from the book's currency {currency.Code}; a book has one currency.");
                valid = false;
            }
            if (!valid)
            {
                continue;
            }
            var key = new PriceKey(kind, price.Variant);
            if (seen.TryGetValue((key, price.EffectiveFrom!.Value), out var first))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{at}: {key} already has a price effective from {price.EffectiveFrom.Value:O} (Prices[{first}])."));
                continue;
            }
            seen[(key, price.EffectiveFrom.Value)] = i;
            prices.Add(new UnitPrice(key, price.UnitPrice!.Value, price.EffectiveFrom.Value));
        }
        if (problems.Count > 0)
        {
            throw new PriceBookException(origin, problems);
        }
        return new PriceBook(currency!, prices);
    }

    private static Currency? CurrencyOf(PriceBookOptions options, List<string> problems)
    {
        var code = options.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code) || !CurrencyCode().IsMatch(code))
        {
            problems.Add($"Currency: '{options.Currency}' is not a three-letter ISO 4217 code.");
            return null;
        }
        if (options.MinorUnits is { } stated)
        {
            if (stated is < 0 or > 4)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"MinorUnits: {stated} is outside 0–4."));
                return null;
            }
            return new Currency(code, stated);
        }
        if (Currency.TryKnownMinorUnits(code, out var known))
        {
            return new Currency(code, known);
        }
        problems.Add($"MinorUnits: {code} is not a currency Keel knows; state its minor units (decimal places).");
        return null;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
