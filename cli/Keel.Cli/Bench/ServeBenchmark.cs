using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Keel.Cli.Platform;
using Keel.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Keel.Cli.Bench;

/// <summary>
/// Inference over HTTP (Open Inference Protocol v2, dynamic batching on) against raw in-process
/// <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> on the same ONNX file, at
/// the same concurrency, for requests of 1 and of 64 rows; then batch 1 again at half the HTTP
/// maximum, paced, for the latency a service sees when it is not saturated.
/// </summary>
public static class ServeBenchmark
{
    public sealed record Settings(int Concurrency, TimeSpan Duration)
    {
        /// <summary>Load before each measurement, unmeasured: a second or, for longer runs, a fifth of the duration (over HTTP, at least).</summary>
        public TimeSpan Warmup => Duration / 5 > TimeSpan.FromSeconds(1) ? Duration / 5 : TimeSpan.FromSeconds(1);

        /// <summary>The longest the HTTP side is warmed while its rate has not settled; measured from then on regardless.</summary>
        public static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(30);
    }

    /// <param name="address">The service's base address, for the load clients' own connections.</param>
    /// <param name="authorization">The Authorization header value the load clients send.</param>
    public static async Task<BenchReport> RunAsync(HttpClient http, Uri address, string? authorization, string versionPath, byte[] onnx,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<(string Name, string Datatype)> inputs,
        Settings settings, IProgress<string> progress, CancellationToken ct)
    {
        // The exported graphs trip a harmless shape-merge warning of ONNX Runtime; only errors are worth printing here.
        using var options = new SessionOptions { IntraOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(onnx, options);
        var measurements = new Dictionary<string, double>();
        foreach (var batch in new[] { 1, 64 })
        {
            var raw = Raw(session, rows, batch, settings);
            var bodies = Enumerable.Range(0, 32).Select(i => Encoding.UTF8.GetBytes(
                DemoServing.Request(Slice(rows, i * batch, batch), inputs).ToJsonString())).ToArray();
            var requests = bodies.Select(b => LoopbackConnection.Post(address, versionPath + "/infer", authorization, b)).ToArray();
            var served = await LoadAsync(address, requests, batch, settings, rate: null, ct);
            measurements[$"raw_b{batch}_rows_per_s"] = raw;
            measurements[$"http_b{batch}_rows_per_s"] = served.RowsPerSecond;
            measurements[$"http_b{batch}_over_raw"] = served.RowsPerSecond / raw;
            measurements[$"http_b{batch}_p50_ms"] = served.P50;
            measurements[$"http_b{batch}_p99_ms"] = served.P99;
            measurements[$"http_b{batch}_warmup_s"] = served.Warmup.TotalSeconds;
            progress.Report($"batch {batch}: raw {raw:N0} rows/s, HTTP {served.RowsPerSecond:N0} rows/s (p50 {served.P50:F2} ms, p99 {served.P99:F2} ms)");
            if (batch == 1)
            {
                var half = await LoadAsync(address, requests, batch, settings, rate: served.RowsPerSecond / 2, ct);
                measurements["http_b1_half_load_requests_per_s"] = half.RowsPerSecond;
                measurements["http_b1_half_load_p50_ms"] = half.P50;
                measurements["http_b1_half_load_p99_ms"] = half.P99;
                progress.Report($"batch 1 at half load ({half.RowsPerSecond:N0}/s): p50 {half.P50:F2} ms, p99 {half.P99:F2} ms");
                // For reference: the same load sent through HttpClient, whose own CPU is taken from the service's cores.
                var viaHttpClient = await ViaHttpClientAsync(i => SendAsync(http, versionPath, bodies[i % bodies.Length], ct), batch, settings);
                measurements["http_b1_httpclient_rows_per_s"] = viaHttpClient.RowsPerSecond;
                measurements["http_b1_httpclient_over_raw"] = viaHttpClient.RowsPerSecond / raw;
                progress.Report($"batch 1 through HttpClient: {viaHttpClient.RowsPerSecond:N0} rows/s (p50 {viaHttpClient.P50:F2} ms, p99 {viaHttpClient.P99:F2} ms)");
            }
        }
        var met = measurements["http_b1_over_raw"] >= 0.6 && measurements["http_b1_half_load_p99_ms"] <= 5;
        return new BenchReport
        {
            Name = "serve",
            Command = "keel bench serve",
            Parameters = new Dictionary<string, object>
            {
                ["concurrency"] = settings.Concurrency,
                ["duration_s"] = settings.Duration.TotalSeconds,
                ["rows"] = rows.Count,
                ["raw_intra_op_threads"] = 1,
                ["transport"] = "HTTP/1.1 JSON on loopback, one keep-alive connection per client, all driven from one dedicated thread waiting on them together (as wrk); HttpClient measured for reference at batch 1",
                ["warmup_s"] = settings.Warmup.TotalSeconds,
            },
            Measurements = measurements,
            Target = "batch 1 with dynamic batching: ≥ 0.6 of raw throughput, and p99 ≤ 5 ms at half of maximum load",
            TargetMet = met,
            Notes = "Raw = InferenceSession.Run in this process on pre-built tensors, one call per request, from as many threads as the HTTP run has clients. HTTP = POST …/infer with pre-serialised bodies, the service batching concurrent requests. The raw side is warmed for warmup_s before each measurement; the HTTP side for at least warmup_s and until its rate settles (a one-second window within 3 % of the one before; http_b*_warmup_s say how long it took).",
        };
    }

    private static double Raw(InferenceSession session, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int batch, Settings settings)
    {
        var feeds = Enumerable.Range(0, 32).Select(i => Feed(session, Slice(rows, i * batch, batch))).ToArray();
        // Warmed as long as the HTTP side is, then measured.
        RunFor(session, feeds, batch, settings.Concurrency, settings.Warmup);
        var clock = Stopwatch.StartNew();
        var done = RunFor(session, feeds, batch, settings.Concurrency, settings.Duration);
        return done / clock.Elapsed.TotalSeconds;
    }

    private static long RunFor(InferenceSession session, List<NamedOnnxValue>[] feeds, int batch, int concurrency, TimeSpan duration)
    {
        long done = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Parallel.For(0, concurrency, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, worker =>
        {
            var i = worker;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var results = session.Run(feeds[i++ % feeds.Length]);
                Interlocked.Add(ref done, batch);
            }
        });
        return done;
    }

    private sealed record HttpResult(double RowsPerSecond, double P50, double P99, TimeSpan Warmup = default);

    /// <summary>
    /// The pre-built requests sent over one keep-alive connection per client from one thread of their own
    /// (<see cref="LoopbackLoadGenerator"/>): first for the warm-up, unmeasured, then for the duration, each
    /// answer timed.
    /// </summary>
    private static async Task<HttpResult> LoadAsync(Uri address, byte[][] requests, int batch, Settings settings, double? rate, CancellationToken ct)
    {
        using var load = LoopbackLoadGenerator.Connect(address, settings.Concurrency);
        var warmup = await WarmAsync(load, requests, settings, rate, ct);
        var run = await load.RunAsync(requests, settings.Duration, rate, ct);
        return new HttpResult(run.PerSecond * batch, DemoServing.Percentile(run.LatenciesMs, 0.50), DemoServing.Percentile(run.LatenciesMs, 0.99), warmup);
    }

    /// <summary>
    /// Loads the service in one-second windows until its rate settles (a window within 3 % of the one
    /// before), after at least <see cref="Settings.Warmup"/> and at most <see cref="Settings.MaxWarmup"/>.
    /// The service's code is compiled to its final tier in the background for seconds after its first
    /// requests, on the same cores: measured before that ends, the compiler's work is charged to the service
    /// (with a fixed second of warm-up, batch 1 came out at 0.4 of raw where ten seconds gave 0.67).
    /// </summary>
    private static async Task<TimeSpan> WarmAsync(LoopbackLoadGenerator load, byte[][] requests, Settings settings, double? rate, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var previous = 0.0;
        while (true)
        {
            var window = await load.RunAsync(requests, TimeSpan.FromSeconds(1), rate, ct);
            var settled = previous > 0 && Math.Abs(window.PerSecond - previous) <= 0.03 * previous;
            previous = window.PerSecond;
            if ((settled && clock.Elapsed >= settings.Warmup) || clock.Elapsed >= Settings.MaxWarmup)
            {
                return clock.Elapsed;
            }
        }
    }

    /// <summary>
    /// Every HttpClient task sends back to back: first for the warm-up, unmeasured, then for the duration,
    /// each request timed.
    /// </summary>
    private static async Task<HttpResult> ViaHttpClientAsync(Func<int, Task> send, int batch, Settings settings)
    {
        await RunClientsAsync(send, settings.Concurrency, settings.Warmup, latencies: null);
        var latencies = new List<double>[settings.Concurrency];
        var clock = Stopwatch.StartNew();
        await RunClientsAsync(send, settings.Concurrency, settings.Duration, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new HttpResult(all.Length * (double)batch / elapsed, DemoServing.Percentile(all, 0.50), DemoServing.Percentile(all, 0.99));
    }

    private static Task RunClientsAsync(Func<int, Task> send, int concurrency, TimeSpan duration, List<double>[]? latencies)
    {
        var deadline = DateTime.UtcNow + duration;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies is null ? null : latencies[worker] = [];
            for (var i = worker; DateTime.UtcNow < deadline; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await send(i);
                mine?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
    }

    private static async Task SendAsync(HttpClient http, string versionPath, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(versionPath + "/infer", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"infer answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        await response.Content.CopyToAsync(Stream.Null, ct);
    }

    private static List<NamedOnnxValue> Feed(InferenceSession session, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var asOf = DateTimeOffset.UtcNow;
        return session.InputMetadata.Select(input => input.Value.ElementType == typeof(string)
            ? NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<string>(rows.Select(r => FeatureValues.Category(r.GetValueOrDefault(input.Key), input.Key)).ToArray(), [rows.Count, 1]))
            : NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(rows.Select(r => FeatureValues.Number(r.GetValueOrDefault(input.Key), asOf, input.Key)).ToArray(), [rows.Count, 1])))
            .ToList();
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Slice(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int start, int count) =>
        Enumerable.Range(0, count).Select(i => rows[(start + i) % rows.Count]).ToArray();
}
