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
    /// <see cref="FileKey"/>, else the <see cref="PriceBookOptions.Section"/> section. No book, with the
    /// reason, when neither is configured, the file is missing, or the book breaks a rule (every problem listed).
    /// </summary>
    public static ConfiguredPriceBook LoadConfigured(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[FileKey] is { } file && !string.IsNullOrWhiteSpace(file) ? Path.GetFullPath(file) : null;
        if (path is null && !configuration.GetSection(PriceBookOptions.Section).Exists())
        {
            return ConfiguredPriceBook.None;
        }
        var source = path is null ? $"configuration {PriceBookOptions.Section}" : $"file {path}";
        if (path is not null && !File.Exists(path))
        {
            return new ConfiguredPriceBook(null, $"The price book file {path} ({FileKey}) does not exist.", source);
        }
        try
        {
            return new ConfiguredPriceBook(path is null ? configuration.LoadPriceBook() : PriceBookFile.Load(path), null, source);
        }
        catch (PriceBookException ex)
        {
            return new ConfiguredPriceBook(null, ex.Message, source);
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
