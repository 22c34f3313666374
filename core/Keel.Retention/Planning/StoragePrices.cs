using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Retention.Storage;

namespace Keel.Retention.Planning;

/// <summary>
/// The storage prices (per GB-month) of the two tiers, from the price book's <c>storage</c> items
/// whose variant is the tier's name. There is no default book: without one, or without a price for
/// a tier, savings are unknown and the plan says why; a price is never made up.
/// </summary>
public sealed class StoragePrices
{
    private readonly PriceBook? _book;
    private readonly string _unknownReason;

    private StoragePrices(PriceBook? book, string hotTier, string coldTier, string unknownReason)
    {
        _book = book;
        HotTier = hotTier;
        ColdTier = coldTier;
        _unknownReason = unknownReason;
    }

    public string HotTier { get; }

    public string ColdTier { get; }

    public static StoragePrices From(PriceBook book, string hotTier, string coldTier) =>
        new(book ?? throw new ArgumentNullException(nameof(book)), hotTier, coldTier, "");

    public static StoragePrices Unknown(string reason, string hotTier = "hot", string coldTier = "cold") =>
        new(null, hotTier, coldTier, reason);

    public string TierName(StorageTier tier) => tier == StorageTier.Hot ? HotTier : ColdTier;

    /// <summary>What deleting or moving <paramref name="bytes"/> saves a month at <paramref name="at"/>, or null with the reason added to <paramref name="problems"/>.</summary>
    public decimal? MonthlySaving(RetentionAction action, StorageTier tier, long bytes, DateTimeOffset at, ICollection<string> problems)
    {
        var from = PerGbMonth(tier, at, problems);
        if (from is null)
        {
            return null;
        }
        var saved = from.Value;
        if (action == RetentionAction.MoveToCold)
        {
            if (PerGbMonth(StorageTier.Cold, at, problems) is not { } cold)
            {
                return null;
            }
            saved -= cold;
        }
        return Money.Carry(bytes / StorageUsage.BytesPerGb * saved);
    }

    public Currency? Currency => _book?.Currency;

    /// <summary>Why nothing can be priced, when there is no price book.</summary>
    public string? UnknownReason => _book is null ? _unknownReason : null;

    private decimal? PerGbMonth(StorageTier tier, DateTimeOffset at, ICollection<string> problems)
    {
        if (_book is null)
        {
            Add(problems, _unknownReason);
            return null;
        }
        try
        {
            return _book.Spans(new PriceKey(ResourceKind.Storage, TierName(tier)), at, at)[0].UnitPrice;
        }
        catch (PriceBookException ex)
        {
            Add(problems, ex.Message);
            return null;
        }
    }

    private static void Add(ICollection<string> problems, string problem)
    {
        if (!problems.Contains(problem))
        {
            problems.Add(problem);
        }
    }
}
