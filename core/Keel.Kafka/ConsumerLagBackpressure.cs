using System.Collections.Concurrent;
using Confluent.Kafka;
using Keel.Events.Messaging;

namespace Keel.Kafka;

/// <summary>
/// Backpressure from consumer lag: a topic takes more events only while every watched consumer
/// group has at most the configured number of unread events in each partition. The lag is the
/// partition's end offset less the group's committed offset (or the partition's start when the
/// group has committed nothing yet).
/// </summary>
public sealed class ConsumerLagBackpressure : IPublishBackpressure, IDisposable
{
    private readonly KafkaConnection _connection;
    private readonly KafkaBackpressureOptions _options;
    private readonly int _limit;
    private readonly ILookup<string, string> _groupsByTopic;
    private readonly ConcurrentDictionary<string, IConsumer<Ignore, Ignore>> _readers = new();
    private readonly ConcurrentDictionary<(string Topic, string Group), (long Lag, DateTime MeasuredAt)> _measured = new();

    public ConsumerLagBackpressure(KafkaConnection connection, IEnumerable<(string Topic, string Group)> watched)
    {
        _connection = connection;
        _options = connection.Options.Backpressure;
        _limit = _options.EffectiveLimit(connection.IsEmbedded);
        _groupsByTopic = watched.ToLookup(w => w.Topic, w => w.Group);
    }

    public bool Enabled => _limit > 0;

    public ValueTask EnsureCapacityAsync(string topic, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var group in _groupsByTopic[topic])
        {
            var lag = MaxPartitionLag(topic, group);
            if (lag > _limit)
            {
                throw new OverloadedException(
                    $"Consumer group '{group}' is {lag:N0} events behind on a partition of '{topic}' (at most {_limit:N0}); retry after {_options.RetryAfter.TotalSeconds:0.#} s.",
                    _options.RetryAfter);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The largest number of unread events any partition of the topic holds for the group.</summary>
    public long MaxPartitionLag(string topic, string group)
    {
        var now = DateTime.UtcNow;
        if (_measured.TryGetValue((topic, group), out var last) && now - last.MeasuredAt < _options.MeasureInterval)
        {
            return last.Lag;
        }
        var reader = _readers.GetOrAdd(group, g => new ConsumerBuilder<Ignore, Ignore>(_connection.CreateConsumerConfig(g))
            .SetLogHandler((_, _) => { })
            .Build());
        long max = 0;
        lock (reader)
        {
            var partitions = Enumerable.Range(0, _connection.Options.PartitionsOf(topic)).Select(p => new TopicPartition(topic, p)).ToList();
            var committed = reader.Committed(partitions, _connection.Options.AdminTimeout);
            foreach (var offset in committed)
            {
                var watermarks = reader.QueryWatermarkOffsets(offset.TopicPartition, _connection.Options.AdminTimeout);
                var position = offset.Offset == Offset.Unset ? watermarks.Low : offset.Offset;
                max = Math.Max(max, watermarks.High - position);
            }
        }
        _measured[(topic, group)] = (max, now);
        return max;
    }

    public void Dispose()
    {
        foreach (var reader in _readers.Values)
        {
            reader.Dispose();
        }
    }
}
