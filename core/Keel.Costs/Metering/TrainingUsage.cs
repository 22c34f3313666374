using Keel.Costs.Pricing;

namespace Keel.Costs.Metering;

/// <summary>A training run's usage: wall time times the cores, memory and GPUs it requested.</summary>
public static class TrainingUsage
{
    public static IReadOnlyList<UsageRecord> For(string runId, TrainingResources requested, DateTimeOffset start, DateTimeOffset end, AttributionTags tags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Cores < 0 || requested.MemoryGb < 0 || requested.Gpus < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requested), requested, "Requested resources cannot be negative.");
        }
        if (requested.Gpus > 0 && string.IsNullOrWhiteSpace(requested.GpuType))
        {
            throw new ArgumentException("A run that requests GPUs must name their type; GPU time is priced by type.", nameof(requested));
        }
        var seconds = Durations.Seconds(start, end);
        var runTags = new AttributionTags(runId: runId).Over(tags);
        var records = new List<UsageRecord>(3);
        void Add(ResourceKind kind, string? variant, decimal perSecond)
        {
            if (perSecond > 0)
            {
                records.Add(new UsageRecord($"training/{runId}/{ResourceKinds.Name(kind)}", MeteredActivity.Training,
                    new PriceKey(kind, variant), perSecond * seconds, start, end, requested.DeviceKind, runTags));
            }
        }
        Add(ResourceKind.Cpu, null, requested.Cores);
        Add(ResourceKind.Memory, null, requested.MemoryGb);
        Add(ResourceKind.Gpu, requested.GpuType, requested.Gpus);
        return records;
    }
}
