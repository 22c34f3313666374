using Keel.Costs.Pricing;

namespace Keel.Costs.Metering;

/// <summary>A batch's compute time, apportioned to its requests by rows: one record per request, the parts adding up to the batch.</summary>
public static class InferenceUsage
{
    public static IReadOnlyList<UsageRecord> For(InferenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.BatchId);
        if (batch.ComputeTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch.ComputeTime, "Compute time cannot be negative.");
        }
        if (batch.Device.Cores <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch.Device.Cores, "A CPU device has at least some cores.");
        }
        if (batch.Requests.Count == 0)
        {
            throw new ArgumentException($"Batch {batch.BatchId} has no requests to charge its compute time to.", nameof(batch));
        }
        var item = batch.Device.GpuType is { } gpu ? new PriceKey(ResourceKind.Gpu, gpu) : new PriceKey(ResourceKind.Cpu);
        var quantity = Durations.Seconds(batch.ComputeTime) * (item.Kind == ResourceKind.Gpu ? 1 : batch.Device.Cores);
        var parts = Apportionment.ByWeight(quantity, batch.Requests.Select(r => (long)r.Rows).ToArray());
        var end = batch.Start + batch.ComputeTime;
        var records = new UsageRecord[batch.Requests.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var request = batch.Requests[i];
            var tags = (request.Tags ?? AttributionTags.None).Over(batch.Deployment);
            records[i] = new UsageRecord($"inference/{batch.BatchId}/{request.RequestId}", MeteredActivity.Inference, item, parts[i],
                batch.Start, end, batch.Device.DeviceKind, tags);
        }
        return records;
    }
}
