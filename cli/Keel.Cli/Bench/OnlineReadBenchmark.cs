using System.Diagnostics;
using Keel.Features;
using Keel.Features.Online;
using Keel.Features.Redis;
using StackExchange.Redis;

namespace Keel.Cli.Bench;

/// <summary>
/// <c>keel bench online</c>, in-process part: the latency of reading one entity's 14 features
/// through <see cref="IOnlineStore.ReadAsync"/> from the embedded store, and, when a Redis
/// connection string is given, the same read from Redis as a comparison over the network.
/// </summary>
public static class OnlineReadBenchmark
{
    public const string Tenant = "bench";

    public const string View = "customer_profile";

    public const double TargetP99Micros = 50;

    /// <summary>A 14-feature view of mixed types, shaped like a credit customer profile.</summary>
    public static readonly IReadOnlyList<string> Features =
    [
        "age", "income", "debt", "open_accounts", "late_payments_12m",
        "debt_ratio", "utilisation", "avg_balance", "score_bureau", "tenure_years",
        "region", "segment", "has_mortgage", "last_payment_at",
    ];

    /// <param name="workDir">Where the embedded store's SQLite file is made; it is deleted afterwards.</param>
    /// <param name="entities">How many entities the view holds.</param>
    /// <param name="reads">How many timed single-entity reads, after as many untimed warm-up reads (at most 20,000).</param>
    /// <param name="redisConnection">A Redis to measure as well; its keys go under a prefix of their own and are deleted afterwards.</param>
    public static async Task<BenchReport> RunInProcessAsync(
        string workDir,
        int entities = 100_000,
        int reads = 200_000,
        string? redisConnection = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reads, 1);
        var warmup = Math.Min(reads, 20_000);
        var rows = Rows(entities);
        var keys = rows.Select(r => r.EntityKey).ToArray();
        var measurements = new Dictionary<string, double>();

        var directory = Path.Combine(Path.GetFullPath(workDir), "online-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var store = new EmbeddedOnlineStore(Path.Combine(directory, "online.db"));
            progress?.Report($"embedded: writing {entities:N0} entities × {Features.Count} features");
            measurements["embedded_fill_rows_per_s"] = await FillAsync(store, rows, cancellationToken);
            progress?.Report($"embedded: {reads:N0} single-entity reads");
            AddLatencies(measurements, "", await MeasureAsync(store, keys, warmup, reads, cancellationToken));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        if (!string.IsNullOrWhiteSpace(redisConnection))
        {
            await MeasureRedisAsync(redisConnection, rows, keys, warmup, reads, measurements, progress, cancellationToken);
        }

        var p99 = measurements["p99_us"];
        return new BenchReport
        {
            Name = "online-inprocess",
            Command = "keel bench online",
            Parameters = new Dictionary<string, object>
            {
                ["entities"] = entities,
                ["features"] = Features.Count,
                ["reads"] = reads,
                ["warmup_reads"] = warmup,
                ["store"] = "embedded (memory, written through to SQLite WAL)",
                ["redis"] = string.IsNullOrWhiteSpace(redisConnection) ? "not measured" : "measured (redis_* measurements)",
            },
            Measurements = measurements,
            Target = "in-process p99 ≤ 50 µs",
            TargetMet = p99 <= TargetP99Micros,
            Notes = "Latency of one IOnlineStore.ReadAsync of one random entity's 14 features, timed with Stopwatch per call after warm-up. " +
                "Redis, when measured, is the same read over the network and is a comparison, not the target.",
        };
    }

    private static async Task MeasureRedisAsync(
        string connection, FeatureRow[] rows, string[] keys, int warmup, int reads,
        Dictionary<string, double> measurements, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var prefix = "keelbench-" + Guid.NewGuid().ToString("N")[..8];
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connection);
        var store = new RedisOnlineStore(redis, prefix);
        try
        {
            progress?.Report($"redis: writing {rows.Length:N0} entities × {Features.Count} features");
            measurements["redis_fill_rows_per_s"] = await FillAsync(store, rows, cancellationToken);
            progress?.Report($"redis: {reads:N0} single-entity reads");
            AddLatencies(measurements, "redis_", await MeasureAsync(store, keys, warmup, reads, cancellationToken));
        }
        finally
        {
            var database = redis.GetDatabase();
            foreach (var endpoint in redis.GetEndPoints())
            {
                var server = redis.GetServer(endpoint);
                if (server.IsReplica)
                {
                    continue;
                }
                var batch = new List<RedisKey>();
                await foreach (var key in server.KeysAsync(pattern: prefix + ":*", pageSize: 1000))
                {
                    batch.Add(key);
                    if (batch.Count == 1000)
                    {
                        await database.KeyDeleteAsync([.. batch]);
                        batch.Clear();
                    }
                }
                if (batch.Count > 0)
                {
                    await database.KeyDeleteAsync([.. batch]);
                }
            }
        }
    }

    /// <summary>The feature type of each of <see cref="Features"/>, in order, as written in a repository file.</summary>
    internal static string TypeOf(int feature) => feature switch
    {
        0 or 3 or 4 or 8 => "int64",
        10 or 11 => "string",
        12 => "bool",
        13 => "timestamp",
        _ => "double",
    };

    internal static string Key(int entity) => $"customer-{entity:D7}";

    internal static FeatureRow[] Rows(int entities)
    {
        // A fixed seed, so every run reads the same data.
        var random = new Random(20260301);
        string[] regions = ["north", "south", "east", "west", "central"];
        string[] segments = ["retail", "premium", "small-business"];
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new FeatureRow[entities];
        for (var i = 0; i < entities; i++)
        {
            var eventTime = start.AddSeconds(random.Next(0, 60 * 24 * 3600));
            object?[] values =
            [
                (long)random.Next(18, 90),
                Math.Round(random.NextDouble() * 200_000, 2),
                Math.Round(random.NextDouble() * 80_000, 2),
                (long)random.Next(0, 12),
                (long)random.Next(0, 6),
                random.NextDouble(),
                random.NextDouble(),
                Math.Round(random.NextDouble() * 25_000, 2),
                (long)random.Next(300, 850),
                Math.Round(random.NextDouble() * 30, 1),
                regions[random.Next(regions.Length)],
                segments[random.Next(segments.Length)],
                random.Next(2) == 1,
                eventTime.AddDays(-random.Next(0, 30)),
            ];
            rows[i] = new FeatureRow(Key(i), eventTime, eventTime, $"bench-{i}", values);
        }
        return rows;
    }

    private static async Task<double> FillAsync(IOnlineStore store, FeatureRow[] rows, CancellationToken cancellationToken)
    {
        const int batchSize = 10_000;
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows.Length; offset += batchSize)
        {
            var batch = new ArraySegment<FeatureRow>(rows, offset, Math.Min(batchSize, rows.Length - offset));
            await store.WriteAsync(Tenant, View, "bench-v1", Features, batch, cancellationToken);
        }
        return rows.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Each timed read's duration in Stopwatch ticks, sorted, and the bytes allocated per timed read.</summary>
    private static async Task<(long[] Sorted, double BytesPerRead)> MeasureAsync(IOnlineStore store, string[] keys, int warmup, int reads, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var durations = new long[reads];
        // One reused key list: the store does not keep it, and allocating one per read would be
        // the benchmark's cost rather than the store's.
        var key = new string[1];
        var allocatedBefore = 0L;
        for (var i = -warmup; i < reads; i++)
        {
            if (i == 0)
            {
                allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            }
            key[0] = keys[random.Next(keys.Length)];
            var started = Stopwatch.GetTimestamp();
            var found = await store.ReadAsync(Tenant, View, key, cancellationToken);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (found[0] is not { } record || record.Values.Count != Features.Count)
            {
                throw new InvalidOperationException($"The store returned no complete record for '{key[0]}'.");
            }
            if (i >= 0)
            {
                durations[i] = elapsed;
            }
        }
        var bytesPerRead = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)reads;
        Array.Sort(durations);
        return (durations, bytesPerRead);
    }

    private static void AddLatencies(Dictionary<string, double> measurements, string prefix, (long[] Sorted, double BytesPerRead) measured)
    {
        var sorted = measured.Sorted;
        measurements[prefix + "allocated_bytes_per_read"] = Math.Round(measured.BytesPerRead, 1);
        measurements[prefix + "p50_us"] = Micros(Percentile(sorted, 0.50));
        measurements[prefix + "p90_us"] = Micros(Percentile(sorted, 0.90));
        measurements[prefix + "p99_us"] = Micros(Percentile(sorted, 0.99));
        measurements[prefix + "p999_us"] = Micros(Percentile(sorted, 0.999));
        measurements[prefix + "max_us"] = Micros(sorted[^1]);
        measurements[prefix + "mean_us"] = Micros((long)sorted.Average());
        measurements[prefix + "sequential_reads_per_s"] = sorted.Length / (sorted.Sum(d => (double)d) / Stopwatch.Frequency);
    }

    /// <summary>The nearest-rank percentile of sorted durations.</summary>
    private static long Percentile(long[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Micros(long ticks) => Math.Round(ticks * 1_000_000.0 / Stopwatch.Frequency, 3);
}
