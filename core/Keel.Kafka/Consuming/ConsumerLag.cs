using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace Keel.Kafka;

/// <summary>
/// Each running consumer's lag per partition (<c>keel.kafka.consumer.lag</c>): the partition's end
/// offset as the consumer's latest fetch learnt it (no broker round trip) less the offset its group
/// will read next. Measured when observed, so a handler stuck retrying a batch shows a growing lag;
/// a partition leaves the gauge when its consumer gives it up.
/// </summary>
public static class ConsumerLag
{
    private static readonly ConcurrentDictionary<LagProbe, bool> Probes = new();

    /// <summary>The group's lag on a partition as its consumer in this process measures it now; null when none follows it.</summary>
    public static long? Of(string topic, string group, int partition) =>
        Probes.Keys.Where(p => p.Topic == topic && p.Group == group).SelectMany(p => p.Measure()).Where(m => m.Partition == partition).Select(m => (long?)m.Lag).FirstOrDefault();

    internal static void Register(LagProbe probe) => Probes[probe] = true;

    internal static void Unregister(LagProbe probe)
    {
        probe.Close();
        Probes.TryRemove(probe, out _);
    }

    internal static IEnumerable<Measurement<long>> Observe() =>
        Probes.Keys.SelectMany(p => p.Measure().Select(m => new Measurement<long>(m.Lag,
            new KeyValuePair<string, object?>("messaging.destination.name", p.Topic),
            new KeyValuePair<string, object?>("messaging.consumer.group.name", p.Group),
            new KeyValuePair<string, object?>("messaging.destination.partition.id", m.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)))))
        .ToList();
}

/// <summary>One consumer's view of its lag: the next offset per partition it owns, and its client to ask for end offsets.</summary>
internal sealed class LagProbe(string topic, string group, IConsumer<byte[], byte[]> consumer)
{
    private readonly ConcurrentDictionary<TopicPartition, long> _next = new();
    private readonly Lock _lock = new();
    private bool _closed;

    public string Topic { get; } = topic;

    public string Group { get; } = group;

    /// <summary>The first message fetched from a partition sits at the group's position there.</summary>
    public void Fetched(TopicPartition partition, long offset) => _next.TryAdd(partition, offset);

    public void Committed(TopicPartition partition, long next) => _next[partition] = next;

    public void Forget(TopicPartition partition) => _next.TryRemove(partition, out _);

    public IReadOnlyList<(int Partition, long Lag)> Measure()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return [];
            }
            var measured = new List<(int, long)>(_next.Count);
            foreach (var (partition, next) in _next)
            {
                var end = consumer.GetWatermarkOffsets(partition).High;
                if (end != Offset.Unset)
                {
                    measured.Add((partition.Partition.Value, Math.Max(0, end.Value - next)));
                }
            }
            return measured;
        }
    }

    /// <summary>Called before the client is closed: no measurement touches it afterwards.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _next.Clear();
        }
    }
}
