using Microsoft.Extensions.Configuration;

namespace Keel.Costs.Pricing;

/// <summary>Reads the price book from configuration (<c>Keel:Costs:PriceBook</c>, environment <c>KEEL__COSTS__PRICEBOOK__…</c>).</summary>
public static class PriceBookConfiguration
{
    /// <exception cref="PriceBookException">The section is missing or breaks a rule.</exception>
    public static PriceBook LoadPriceBook(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PriceBookOptions.Section);
        var options = new PriceBookOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value that did not convert.
            throw new PriceBookException(PriceBookOptions.Section, [ex.InnerException?.Message is { } inner ? $"{ex.Message} {inner}" : ex.Message]);
        }
        return PriceBookBuilder.Build(options, PriceBookOptions.Section);
    }
}
