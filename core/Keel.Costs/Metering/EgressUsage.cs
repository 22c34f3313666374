using Keel.Costs.Pricing;

namespace Keel.Costs.Metering;

/// <summary>Bytes sent out of the platform at a moment, in GB (10^9 bytes).</summary>
public static class EgressUsage
{
    public static UsageRecord For(string id, long bytes, DateTimeOffset at, AttributionTags tags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new UsageRecord(id, MeteredActivity.Egress, new PriceKey(ResourceKind.Egress), bytes / StorageUsage.BytesPerGb, at, at, "network", tags);
    }
}
