using Microsoft.Extensions.Configuration;

namespace Keel.Costs.Pricing;

/// <summary>Reads the price book from configuration (<c>Keel:Costs:PriceBook</c>, environment <c>KEEL__COSTS__PRICEBOOK__…</c>).</summary>
public static class PriceBookConfiguration
{
    /// <summary>A price book file (YAML or JSON, <see cref="PriceBookFile"/>); when set it wins over <see cref="PriceBookOptions.Section"/>.</summary>
    public const string FileKey = "Keel:Costs:PriceBookFile";

    public const string NotConfigured =
        $"No price book is configured ({FileKey} or {PriceBookOptions.Section}), so usage is shown unpriced; Keel never prices usage at zero.";

    /// <summary>
    /// The platform's price book, read the one way every part of Keel reads it: the file named by
    /// <see cref="FileKey"/>, else the <see cref="PriceBookOptions.Section"/> section. Null with the reason
    /// when neither is configured, the file is missing, or the book breaks a rule (every problem listed).
    /// </summary>
    public static (PriceBook? Book, string? Problem) LoadConfigured(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            if (configuration[FileKey] is { Length: > 0 } file && !string.IsNullOrWhiteSpace(file))
            {
                var path = Path.GetFullPath(file);
                return File.Exists(path) ? (PriceBookFile.Load(path), null) : (null, $"The price book file {path} ({FileKey}) does not exist.");
            }
            return configuration.GetSection(PriceBookOptions.Section).Exists() ? (configuration.LoadPriceBook(), null) : (null, NotConfigured);
        }
        catch (PriceBookException ex)
        {
            return (null, ex.Message);
        }
    }

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
