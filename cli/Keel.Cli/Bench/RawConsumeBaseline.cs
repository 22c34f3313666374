using System.Diagnostics;
using Confluent.Kafka;

namespace Keel.Cli.Bench;

/// <summary>
/// The baseline of <c>keel bench ingest</c>: how fast a plain Confluent.Kafka consumer reads the
/// same topic in the same run, doing nothing with a message but touching its bytes. The gap to
/// Keel's consumer loop is the cost of decoding, validation, handling and committing.
/// </summary>
public static class RawConsumeBaseline
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Reads <paramref name="expectedMessages"/> messages of <paramref name="topic"/> from the earliest
    /// offset, in a fresh consumer group, and measures it. Throws <see cref="TimeoutException"/> when
    /// fewer arrive within <paramref name="timeout"/>. <paramref name="properties"/> are passed to the
    /// client unchanged (SASL, TLS for a real cluster).
    /// </summary>
    public static RawConsumeResult Run(
        string bootstrapServers,
        string topic,
        int expectedMessages,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedMessages, 1);

        var config = new ConsumerConfig(properties?.ToDictionary() ?? [])
        {
            BootstrapServers = bootstrapServers,
            // A new group every run, so it starts from the beginning and never commits.
            GroupId = "keel-bench-raw-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = false,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetLogHandler((_, _) => { })
            .Build();

        var total = Stopwatch.StartNew();
        var deadline = total.Elapsed + (timeout ?? DefaultTimeout);
        TimeSpan? firstAt = null;
        var count = 0;
        long bytes = 0;
        long checksum = 0;
        consumer.Subscribe(topic);
        try
        {
            while (count < expectedMessages)
            {
                if (total.Elapsed > deadline)
                {
                    throw new TimeoutException($"Read {count} of {expectedMessages} messages of '{topic}' within {timeout ?? DefaultTimeout}.");
                }
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }
                firstAt ??= total.Elapsed;
                count++;
                var value = result.Message.Value;
                if (value is { Length: > 0 })
                {
                    bytes += value.Length;
                    // Touch the payload so the read is not just a pointer handed over.
                    checksum += value[0] + value[^1];
                }
            }
        }
        finally
        {
            consumer.Close();
        }
        var elapsed = total.Elapsed;
        var reading = elapsed - firstAt!.Value;
        return new RawConsumeResult(count, bytes, elapsed, reading, checksum);
    }
}

/// <summary>
/// What the raw consumer measured. <see cref="Elapsed"/> includes joining the group;
/// <see cref="Reading"/> runs from the first message to the last, and the rates are over it.
/// </summary>
public sealed record RawConsumeResult(int Messages, long Bytes, TimeSpan Elapsed, TimeSpan Reading, long Checksum)
{
    public double RecordsPerSecond => Reading > TimeSpan.Zero ? Messages / Reading.TotalSeconds : double.PositiveInfinity;

    public double MegabytesPerSecond => Reading > TimeSpan.Zero ? Bytes / 1_000_000.0 / Reading.TotalSeconds : double.PositiveInfinity;
}
