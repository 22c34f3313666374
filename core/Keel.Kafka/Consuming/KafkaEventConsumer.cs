using System.Diagnostics;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Kafka;

/// <summary>
/// Runs one handler over one topic as a member of a consumer group, at least once: a batch's
/// offsets are committed only after the handler finished it and its dead letters were
/// acknowledged, so a crash or a rebalance redelivers rather than loses. Handlers make redelivery
/// harmless by being idempotent by event id (<see cref="IdempotentHandler"/>).
/// </summary>
/// <remarks>
/// The loop runs on a thread of its own because a Kafka consumer is driven by blocking polls, and
/// rebalance callbacks then arrive on that same thread, between batches, never during one.
/// </remarks>
public sealed class KafkaEventConsumer
{
    /// <summary>Longest blocking poll, so stop and abort requests are seen promptly.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DrainRecheck = TimeSpan.FromSeconds(1);

    private readonly KafkaConnection _connection;
    private readonly KafkaConsumerOptions _settings;
    private readonly ILogger _logger;
    private readonly BatchProcessor _processor;
    private readonly List<ConsumeResult<byte[], byte[]>> _pending = [];
    private readonly HashSet<TopicPartition> _assigned = [];
    private LagProbe? _lag;
    private int _started;

    public KafkaEventConsumer(
        KafkaConnection connection,
        IEventPublisher deadLetters,
        IEventBatchHandler handler,
        string topic,
        string? groupId = null,
        KafkaConsumerOptions? settings = null,
        ILogger<KafkaEventConsumer>? logger = null,
        CloudEventCodec? codec = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        _connection = connection;
        _settings = settings ?? connection.Options.Consumer;
        _logger = logger ?? NullLogger<KafkaEventConsumer>.Instance;
        Handler = handler;
        Topic = topic;
        GroupId = string.IsNullOrWhiteSpace(groupId) ? DefaultGroupId(handler.Name) : groupId;
        Counters = new KafkaConsumerCounters(topic, GroupId);
        _processor = new BatchProcessor(topic, GroupId, handler, deadLetters, _settings, Counters, codec ?? CloudEventCodec.Default, _logger);
    }

    public string Topic { get; }

    public string GroupId { get; }

    public IEventBatchHandler Handler { get; }

    public KafkaConsumerCounters Counters { get; }

    /// <summary>One group per handler: every handler sees every event of the topic.</summary>
    public static string DefaultGroupId(string handlerName) => $"keel-{handlerName}";

    /// <summary>
    /// Consumes until <paramref name="stoppingToken"/> asks for a graceful stop: the batch in flight
    /// is finished (within ShutdownTimeout) and committed, then the consumer leaves the group so its
    /// partitions move on at once. <paramref name="abortToken"/> stops hard: the batch in flight is
    /// abandoned uncommitted and will be redelivered. The task ends when the consumer has left.
    /// </summary>
    public Task RunAsync(CancellationToken stoppingToken, CancellationToken abortToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The consumer of {Topic} for group {GroupId} is already running; create another to add a group member.");
        }
        _connection.EnsureTopic(Topic);

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken, abortToken);
                completion.SetResult();
            }
            catch (Exception ex)
            {
                _logger.LogCritical(ex, "Kafka consumer of {Topic} for group {Group} stopped on an error", Topic, GroupId);
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"kafka {GroupId}",
        };
        thread.Start();
        return completion.Task;
    }

    private void Run(CancellationToken stopping, CancellationToken abortToken)
    {
        using var abortSource = CancellationTokenSource.CreateLinkedTokenSource(abortToken);
        // A graceful stop gives the batch in flight ShutdownTimeout to finish, then abandons it.
        using var stopRegistration = stopping.Register(() => abortSource.CancelAfter(_settings.ShutdownTimeout));
        var abort = abortSource.Token;

        using var consumer = Build();
        _lag = new LagProbe(Topic, GroupId, consumer);
        ConsumerLag.Register(_lag);
        consumer.Subscribe(Topic);
        _logger.LogInformation("Kafka consumer of {Topic} started in group {Group} with handler {Handler}", Topic, GroupId, Handler.Name);
        var failures = 0;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                if (stopping.IsCancellationRequested && (!_settings.DrainOnStop || CaughtUp(consumer)))
                {
                    break;
                }
                List<ConsumeResult<byte[], byte[]>> batch;
                if (stopping.IsCancellationRequested)
                {
                    // Draining: collect without regard to the stop, but come back to check progress.
                    using var idle = new CancellationTokenSource(DrainRecheck);
                    batch = Collect(consumer, idle.Token, abort);
                }
                else
                {
                    batch = Collect(consumer, stopping, abort);
                }
                if (batch.Count == 0)
                {
                    continue;
                }
                if (Complete(consumer, batch, abort))
                {
                    failures = 0;
                }
                else
                {
                    // The batch was rewound; wait before it comes round again.
                    failures++;
                    WaitHandle.WaitAny([abort.WaitHandle, stopping.WaitHandle], RetryBackoff.Delay(failures, _settings.InitialBackoff, _settings.MaxBackoff));
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            _logger.LogWarning("Kafka consumer of {Topic} for group {Group} aborted; the batch in flight is left uncommitted and will be redelivered", Topic, GroupId);
        }
        finally
        {
            Leave(consumer);
        }
    }

    /// <summary>Gathers up to MaxBatchSize messages, waiting at most MaxBatchWait once the first has arrived.</summary>
    private List<ConsumeResult<byte[], byte[]>> Collect(IConsumer<byte[], byte[]> consumer, CancellationToken stopping, CancellationToken abort)
    {
        _pending.Clear();
        while (_pending.Count == 0)
        {
            if (stopping.IsCancellationRequested || abort.IsCancellationRequested)
            {
                return [];
            }
            Poll(consumer, PollInterval, abort);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(_settings.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        while (_pending.Count > 0 && _pending.Count < _settings.MaxBatchSize && !stopping.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }
            Poll(consumer, remaining < PollInterval ? remaining : PollInterval, abort);
        }
        // A rebalance during collection may have dropped everything gathered so far.
        List<ConsumeResult<byte[], byte[]>> batch = [.. _pending];
        _pending.Clear();
        return batch;
    }

    private void Poll(IConsumer<byte[], byte[]> consumer, TimeSpan timeout, CancellationToken abort)
    {
        try
        {
            var result = consumer.Consume(timeout);
            // After a revocation librdkafka may still hand out a message it had fetched; it is someone else's now.
            if (result is not null && !result.IsPartitionEOF && _assigned.Contains(result.TopicPartition))
            {
                _pending.Add(result);
                _lag?.Fetched(result.TopicPartition, result.Offset.Value);
            }
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            _logger.LogWarning("Kafka consumer of {Topic} for group {Group}: {Reason} ({Code})", Topic, GroupId, ex.Error.Reason, ex.Error.Code);
            abort.WaitHandle.WaitOne(PollInterval);
        }
    }

    /// <summary>Processes a batch and commits it; false when it could not be completed and was rewound.</summary>
    /// <summary>Whether every assigned partition has been read up to its high watermark.</summary>
    private bool CaughtUp(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var partition in _assigned)
        {
            try
            {
                var end = consumer.QueryWatermarkOffsets(partition, DrainRecheck).High;
                var position = consumer.Position(partition);
                if (position == Offset.Unset)
                {
                    var committed = consumer.Committed([partition], DrainRecheck).Single().Offset;
                    position = committed == Offset.Unset ? consumer.QueryWatermarkOffsets(partition, DrainRecheck).Low : committed;
                }
                if (position < end)
                {
                    return false;
                }
            }
            catch (KafkaException ex)
            {
                _logger.LogWarning("Kafka consumer of {Topic} could not tell whether {Partition} is drained: {Reason}", Topic, partition, ex.Error.Reason);
                return false;
            }
        }
        return true;
    }

    private bool Complete(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch, CancellationToken abort)
    {
        try
        {
            _processor.ProcessAsync(batch, abort).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Typically a dead letter that could not be sent. Moving on would let the next commit
            // cover this batch, so it is read again instead.
            _logger.LogError(ex, "Kafka consumer of {Topic} for group {Group} could not complete a batch of {Count}; it will be read again", Topic, GroupId, batch.Count);
            Rewind(consumer, batch);
            return false;
        }

        Commit(consumer, batch);
        Counters.Batch();
        return true;
    }

    private void Commit(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch)
    {
        // The committed offset is the next one to read: the highest processed + 1, per partition.
        var offsets = batch
            .GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();
        try
        {
            consumer.Commit(offsets);
            Counters.Commit();
            foreach (var offset in offsets)
            {
                _lag?.Committed(offset.TopicPartition, offset.Offset.Value);
            }
        }
        catch (KafkaException ex)
        {
            // The events were handled; if nothing later commits past them they are redelivered and
            // the handler's idempotence skips them.
            Counters.CommitFailure();
            _logger.LogWarning("Kafka consumer of {Topic} for group {Group} could not commit {Offsets}: {Reason}", Topic, GroupId, string.Join(", ", offsets), ex.Error.Reason);
        }
    }

    private void Rewind(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch)
    {
        foreach (var partition in batch.GroupBy(r => r.TopicPartition))
        {
            if (!_assigned.Contains(partition.Key))
            {
                continue;
            }
            try
            {
                consumer.Seek(new TopicPartitionOffset(partition.Key, partition.Min(r => r.Offset.Value)));
            }
            catch (KafkaException ex)
            {
                _logger.LogWarning("Kafka consumer of {Topic} could not rewind {Partition}: {Reason}", Topic, partition.Key, ex.Error.Reason);
            }
        }
    }

    /// <summary>Leaving the group explicitly lets its partitions move to other members at once, not after a session timeout.</summary>
    private void Leave(IConsumer<byte[], byte[]> consumer)
    {
        if (_lag is { } lag)
        {
            ConsumerLag.Unregister(lag);
        }
        try
        {
            consumer.Close();
            _logger.LogInformation("Kafka consumer of {Topic} left group {Group}", Topic, GroupId);
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning("Kafka consumer of {Topic} for group {Group} did not leave cleanly: {Reason}", Topic, GroupId, ex.Error.Reason);
        }
    }

    private IConsumer<byte[], byte[]> Build() =>
        new ConsumerBuilder<byte[], byte[]>(_connection.CreateConsumerConfig(GroupId))
            .SetLogHandler((_, message) => KafkaClientLog.Write(_logger, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Error(_logger, error))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                _assigned.UnionWith(partitions);
                _logger.LogInformation("Kafka consumer of {Topic} for group {Group} assigned {Partitions}", Topic, GroupId, Describe(partitions));
            })
            .SetPartitionsRevokedHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition), "revoked"))
            .SetPartitionsLostHandler((_, partitions) => Drop(partitions.Select(p => p.TopicPartition), "lost"))
            .Build();

    /// <summary>
    /// Partitions taken away during collection: what was gathered from them is dropped unprocessed,
    /// and their new owner reads it again from the last commit.
    /// </summary>
    private void Drop(IEnumerable<TopicPartition> partitions, string how)
    {
        var gone = partitions.ToHashSet();
        _assigned.ExceptWith(gone);
        foreach (var partition in gone)
        {
            _lag?.Forget(partition);
        }
        var dropped = _pending.RemoveAll(r => gone.Contains(r.TopicPartition));
        _logger.LogInformation("Kafka consumer of {Topic} for group {Group}: partitions {Partitions} {How}; {Dropped} collected message(s) left for their next owner",
            Topic, GroupId, Describe(gone), how, dropped);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(",", partitions.Select(p => p.Partition.Value).Order());
}
