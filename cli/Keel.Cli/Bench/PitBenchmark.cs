using System.Diagnostics;
using Keel.Features.Offline;

namespace Keel.Cli.Bench;

/// <summary>
/// <c>keel bench pit</c>: the offline store's point-in-time join (DuckDB ASOF join over the
/// Parquet files) against a straightforward in-memory sort-and-search join over the same events,
/// in the same run, with the results checked identical cell by cell.
/// </summary>
public static class PitBenchmark
{
    public const double TargetSpeedup = 5.0;

    public static async Task<BenchReport> RunAsync(PitBenchOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LabelRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Entities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AppendBatch, 1);
        progress?.Report($"generating {options.Events:N0} events over {options.Entities:N0} entities and {options.LabelRows:N0} label rows (seed {options.Seed})");
        var data = PitBenchData.Generate(options.LabelRows, options.Events, options.Entities, options.Seed);
        var root = Path.Combine(options.WorkDirectory ?? Path.GetTempPath(), "keel-bench-pit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new ParquetOfflineStore(new ParquetOfflineStoreOptions { RootDirectory = root, QueryThreads = options.Threads });
            var appendClock = Stopwatch.StartNew();
            var appended = 0;
            foreach (var batch in data.Events.Chunk(options.AppendBatch))
            {
                appended += await store.AppendAsync(PitBenchData.Tenant, data.View, "bench", batch, ct);
                progress?.Report($"appended {appended:N0} / {data.Events.Count:N0} events");
            }
            appendClock.Stop();
            var viewDirectory = Path.Combine(root, PitBenchData.Tenant, data.View.Name);
            var files = Directory.GetFiles(viewDirectory, "*.parquet", SearchOption.AllDirectories).Length;

            var selection = new ViewSelection(data.View, "bench", data.FeatureNames);
            var history = ViewHistory.FromRows(data.View, data.Events);
            Task<FeatureFrame> DuckDb() => store.GetHistoricalFeaturesAsync(PitBenchData.Tenant, data.Frame, [selection], ct);
            async Task<FeatureFrame> Baseline() => SortAndSearchJoin.Join(data.Frame, await ViewHistory.LoadAsync(viewDirectory, data.View, ct), data.FeatureNames);
            Task<FeatureFrame> BaselineInMemory() => Task.FromResult(SortAndSearchJoin.Join(data.Frame, history, data.FeatureNames));

            // The warm-up runs double as the correctness check: all three must agree exactly.
            progress?.Report("warming up and checking the results are identical");
            var expected = await BaselineInMemory();
            Check("the DuckDB join", expected, await DuckDb());
            Check("the baseline fed from the Parquet files", expected, await Baseline());
            var matched = expected.Columns[0].Values.Count(v => v is not null);

            var duckDbMs = new List<double>();
            var baselineMs = new List<double>();
            var inMemoryMs = new List<double>();
            for (var i = 0; i < options.Iterations; i++)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report($"timing, run {i + 1} of {options.Iterations}");
                duckDbMs.Add(await TimeAsync(DuckDb));
                baselineMs.Add(await TimeAsync(Baseline));
                inMemoryMs.Add(await TimeAsync(BaselineInMemory));
            }

            var duckDb = Median(duckDbMs);
            var baseline = Median(baselineMs);
            var inMemory = Median(inMemoryMs);
            var speedup = baseline / duckDb;
            return new BenchReport
            {
                Name = "pit",
                Command = "keel bench pit",
                Parameters = new Dictionary<string, object>
                {
                    ["label_rows"] = options.LabelRows,
                    ["events"] = options.Events,
                    ["entities"] = options.Entities,
                    ["features"] = data.View.Features.Count,
                    ["ttl_days"] = data.View.Ttl!.Value.TotalDays,
                    ["seed"] = options.Seed,
                    ["iterations"] = options.Iterations,
                    ["parquet_files"] = files,
                    ["duckdb_threads"] = options.Threads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all cores",
                },
                Measurements = new Dictionary<string, double>
                {
                    ["duckdb_ms"] = Math.Round(duckDb, 1),
                    ["baseline_ms"] = Math.Round(baseline, 1),
                    ["speedup"] = Math.Round(speedup, 2),
                    ["baseline_in_memory_ms"] = Math.Round(inMemory, 1),
                    ["speedup_in_memory"] = Math.Round(inMemory / duckDb, 2),
                    ["rows"] = data.Frame.Count,
                    ["rows_with_values"] = matched,
                    ["append_events_per_s"] = Math.Round(data.Events.Count / appendClock.Elapsed.TotalSeconds),
                },
                Target = "DuckDB ASOF join ≥ 5× the sort-and-search baseline",
                TargetMet = speedup >= TargetSpeedup,
                Notes = """
                    Medians of the timed runs after one warm-up each; the three results are checked identical cell by cell first.
                    Both sides start from the same Parquet files and end with the same FeatureFrame. duckdb_ms is
                    GetHistoricalFeaturesAsync: read the files the manifest lists, load the frame with DuckDB's appender, ASOF join
                    with the tie rule and TTL, return the frame. baseline_ms reads the same files into memory, sorts the events by
                    entity, event time, created time and event id, and binary-searches each frame row (single-threaded); speedup
                    and the target use it. baseline_in_memory_ms is the sort-and-search alone over events already held in memory, a
                    head start the store never has; speedup_in_memory is reported so that the gap is visible. DuckDB uses every core
                    it is given, the baseline one, so the ratio grows with the cores a machine really has free.
                    """,
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void Check(string what, FeatureFrame expected, FeatureFrame actual)
    {
        if (PitBenchData.FirstDifference(expected, actual) is { } difference)
        {
            throw new InvalidOperationException($"Point-in-time results differ: {what} gives {difference}.");
        }
    }

    private static async Task<double> TimeAsync(Func<Task<FeatureFrame>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
