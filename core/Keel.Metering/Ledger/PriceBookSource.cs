using Keel.Costs.Pricing;

namespace Keel.Metering;

/// <summary>
/// The configured price book, read once (<see cref="PriceBookConfiguration.LoadConfigured"/>: the file
/// <c>Keel:Costs:PriceBookFile</c>, else <c>Keel:Costs:PriceBook</c>). There is deliberately no default
/// book: without one, or with one that breaks a rule, <see cref="Problem"/> says why and reports show
/// usage unpriced rather than at zero.
/// </summary>
public sealed class PriceBookSource
{
    private readonly ConfiguredPriceBook _configured;

    /// <param name="configured">The host's book (<see cref="PriceBookConfiguration.LoadConfigured"/>, registered once).</param>
    public PriceBookSource(ConfiguredPriceBook configured) => _configured = configured ?? throw new ArgumentNullException(nameof(configured));

    public static PriceBookSource Of(PriceBook book) =>
        new(new ConfiguredPriceBook(book ?? throw new ArgumentNullException(nameof(book)), null, "given by the host"));

    public static PriceBookSource None { get; } = new(ConfiguredPriceBook.None);

    public const string NotConfigured = PriceBookConfiguration.NotConfigured;

    public PriceBook? Book => _configured.Book;

    /// <summary>Why there is no book: none configured, or the configured one is invalid (every problem listed).</summary>
    public string? Problem => _configured.Problem;

    /// <summary>Where the book comes from (<see cref="ConfiguredPriceBook.Source"/>); null when none is configured.</summary>
    public string? Source => _configured.Source;
}
