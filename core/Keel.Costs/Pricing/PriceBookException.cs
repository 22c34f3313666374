namespace Keel.Costs.Pricing;

/// <summary>A price book that cannot be used as written, or usage it has no price for; the message lists every problem.</summary>
public sealed class PriceBookException : Exception
{
    public PriceBookException(string origin, IReadOnlyList<string> problems)
        : base($"Price book {origin} is invalid:\n  - " + string.Join("\n  - ", problems))
    {
        Problems = problems;
    }

    public PriceBookException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
