namespace Keel.Costs.Pricing;

/// <summary>
/// The platform's price book as configuration gives it (<see cref="PriceBookConfiguration.LoadConfigured"/>):
/// the book, or why there is none, and where it was looked for. Hosts register one and every part of
/// Keel that prices takes it from there, so the book is read once per host.
/// </summary>
/// <param name="Source">The file or section the book comes from, in words; null when neither names one.</param>
public sealed record ConfiguredPriceBook(PriceBook? Book, string? Problem, string? Source)
{
    /// <summary>A file or the section names a book; it may still be missing or invalid (<see cref="Problem"/>).</summary>
    public bool IsConfigured => Source is not null;

    public static ConfiguredPriceBook None { get; } = new(null, PriceBookConfiguration.NotConfigured, null);

    public void Deconstruct(out PriceBook? book, out string? problem)
    {
        book = Book;
        problem = Problem;
    }
}
