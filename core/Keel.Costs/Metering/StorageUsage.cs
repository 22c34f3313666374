using Keel.Costs.Pricing;

namespace Keel.Costs.Metering;

/// <summary>
/// Bytes held in a store over a span, as GB-months of its tier. A GB is 10^9 bytes and a month is
/// 730 hours (a year's 8,760 hours over twelve), the convention cloud storage bills use.
/// </summary>
public static class StorageUsage
{
    public const decimal BytesPerGb = 1_000_000_000m;
    public const decimal HoursPerMonth = 730m;

    /// <param name="store">The store holding the bytes (artifacts, offline-store, online-store); recorded as the device kind.</param>
    public static UsageRecord For(string store, string tier, long bytes, DateTimeOffset from, DateTimeOffset to, AttributionTags tags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var hours = Durations.Seconds(from, to) / 3600m;
        var id = $"storage/{store}/{tier}/{tags.Tenant}/{tags.Model}/{tags.Version}/{from.UtcTicks}-{to.UtcTicks}";
        return new UsageRecord(id, MeteredActivity.Storage, new PriceKey(ResourceKind.Storage, tier),
            bytes / BytesPerGb * hours / HoursPerMonth, from, to, store, tags);
    }
}
