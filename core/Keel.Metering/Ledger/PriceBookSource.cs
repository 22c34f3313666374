using Keel.Costs.Pricing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// The configured price book, read once: from <see cref="LedgerOptions.PriceBookFile"/>, else from
/// <c>Keel:Costs:PriceBook</c>. There is deliberately no default book: without one, or with one that
/// breaks a rule, <see cref="Problem"/> says why and reports show usage unpriced rather than at zero.
/// </summary>
public sealed class PriceBookSource
{
    private readonly Lazy<(PriceBook? Book, string? Problem)> _loaded;

    public PriceBookSource(IConfiguration configuration, IOptions<LedgerOptions> options)
    {
        _loaded = new Lazy<(PriceBook?, string?)>(() => Load(configuration, options.Value));
    }

    private PriceBookSource(PriceBook? book, string? problem)
    {
        _loaded = new Lazy<(PriceBook?, string?)>((book, problem));
    }

    public static PriceBookSource Of(PriceBook book) => new(book ?? throw new ArgumentNullException(nameof(book)), null);

    public static PriceBookSource None { get; } = new(null, NotConfigured);

    public const string NotConfigured =
        "No price book is configured (Keel:Costs:PriceBookFile or Keel:Costs:PriceBook), so usage is shown unpriced; Keel never prices usage at zero.";

    public PriceBook? Book => _loaded.Value.Book;

    /// <summary>Why there is no book: none configured, or the configured one is invalid (every problem listed).</summary>
    public string? Problem => _loaded.Value.Problem;

    private static (PriceBook?, string?) Load(IConfiguration configuration, LedgerOptions options)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(options.PriceBookFile))
            {
                var path = Path.GetFullPath(options.PriceBookFile);
                return File.Exists(path) ? (PriceBookFile.Load(path), null) : (null, $"The price book file {path} (Keel:Costs:PriceBookFile) does not exist.");
            }
            return configuration.GetSection(PriceBookOptions.Section).Exists() ? (configuration.LoadPriceBook(), null) : (null, NotConfigured);
        }
        catch (PriceBookException ex)
        {
            return (null, ex.Message);
        }
    }
}
