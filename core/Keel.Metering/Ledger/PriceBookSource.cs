using Keel.Costs.Pricing;
using Microsoft.Extensions.Configuration;

namespace Keel.Metering;

/// <summary>
/// The configured price book, read once (<see cref="PriceBookConfiguration.LoadConfigured"/>: the file
/// <c>Keel:Costs:PriceBookFile</c>, else <c>Keel:Costs:PriceBook</c>). There is deliberately no default
/// book: without one, or with one that breaks a rule, <see cref="Problem"/> says why and reports show
/// usage unpriced rather than at zero.
/// </summary>
public sealed class PriceBookSource
{
    private readonly Lazy<(PriceBook? Book, string? Problem)> _loaded;

    public PriceBookSource(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _loaded = new Lazy<(PriceBook?, string?)>(configuration.LoadConfigured);
    }

    private PriceBookSource(PriceBook? book, string? problem)
    {
        _loaded = new Lazy<(PriceBook?, string?)>((book, problem));
    }

    public static PriceBookSource Of(PriceBook book) => new(book ?? throw new ArgumentNullException(nameof(book)), null);

    public static PriceBookSource None { get; } = new(null, NotConfigured);

    public const string NotConfigured = PriceBookConfiguration.NotConfigured;

    public PriceBook? Book => _loaded.Value.Book;

    /// <summary>Why there is no book: none configured, or the configured one is invalid (every problem listed).</summary>
    public string? Problem => _loaded.Value.Problem;
}
