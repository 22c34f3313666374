namespace Keel.Costs.Pricing;

/// <summary>
/// A price book as configured under <c>Keel:Costs:PriceBook</c> or read from a price book file;
/// turned into a <see cref="PriceBook"/> by <see cref="PriceBookBuilder"/>, which checks it.
/// </summary>
public sealed class PriceBookOptions
{
    public const string Section = "Keel:Costs:PriceBook";

    /// <summary>ISO 4217 code; every price is in it.</summary>
    public string? Currency { get; set; }

    /// <summary>Decimal places of the currency's minor unit; needed only for a currency Keel does not know.</summary>
    public int? MinorUnits { get; set; }

    public List<PriceOptions> Prices { get; set; } = [];
}

/// <summary>One configured unit price.</summary>
public sealed class PriceOptions
{
    /// <summary>cpu, gpu, memory, storage, egress or llm_tokens.</summary>
    public string? Kind { get; set; }

    /// <summary>The GPU type, storage tier or LLM model, for the kinds priced per variant.</summary>
    public string? Variant { get; set; }

    /// <summary>Price of one unit of the kind (core-second, gpu-second, GB-second, GB-month, GB, token).</summary>
    public decimal? UnitPrice { get; set; }

    public DateTimeOffset? EffectiveFrom { get; set; }

    /// <summary>Optional; when given it must be the book's currency, which catches a price pasted from another book.</summary>
    public string? Currency { get; set; }
}
