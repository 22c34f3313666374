using System.Diagnostics;
using System.Globalization;

namespace Keel.Explain;

/// <summary>Explanations per second, one thread, measured three ways (see <see cref="ExplainBenchmark"/>).</summary>
/// <param name="Method">The explainer's method.</param>
/// <param name="Batched">Rows explained through <see cref="IExplainer.ExplainBatch"/>: encoding by the model's transforms, amortised over the batch, included.</param>
/// <param name="Single">Rows explained one call at a time through <see cref="IExplainer.Explain"/>: the per-call cost of the ML.NET transforms included.</param>
/// <param name="Core">TreeSHAP alone on rows already encoded (null for KernelSHAP): the algorithm's own speed.</param>
/// <param name="BatchSize">The rows per <see cref="IExplainer.ExplainBatch"/> call.</param>
public sealed record ExplainBenchmarkResult(string Method, double Batched, double Single, double? Core, int BatchSize)
{
    /// <summary>
    /// The same three rates per second of the measuring thread's own CPU time rather than of the
    /// clock: on a shared machine the clock also counts the time other work held the core, which
    /// is not the explainer's cost per core. Null where the system does not report a thread's CPU
    /// time (it is read from Linux's /proc/thread-self/schedstat).
    /// </summary>
    public (double Batched, double Single, double? Core)? PerCpuSecond { get; init; }
}

/// <summary>
/// A micro-benchmark of an explainer, for `keel bench`: it explains the given rows over and over
/// on the calling thread for about <c>duration</c> per measurement, split in five rounds, and
/// reports the best round's explanations per second (on a shared machine the best round is the
/// one least disturbed by other work). Speed is measured here and written to BENCHMARKS.md,
/// never asserted in tests.
/// </summary>
public static class ExplainBenchmark
{
    public static ExplainBenchmarkResult Measure(IExplainer explainer, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("The benchmark needs rows to explain.", nameof(rows));
        }
        // Warm up: JIT, ML.NET's lazily built mappers.
        explainer.ExplainBatch(rows, asOf);
        explainer.Explain(rows[0], asOf);

        var batched = Rate(duration, () => explainer.ExplainBatch(rows, asOf).Count);
        var next = 0;
        var single = Rate(duration, () =>
        {
            explainer.Explain(rows[next], asOf);
            next = (next + 1) % rows.Count;
            return 1;
        });
        (double Wall, double? Cpu)? core = null;
        if (explainer is TreeExplainer trees)
        {
            var encoded = trees.Encode(InputBatch.From(rows, trees.Model.Inputs, asOf));
            core = Rate(duration, () => trees.ExplainEncoded(encoded, rows).Length);
        }
        return new ExplainBenchmarkResult(explainer.Method, batched.Wall, single.Wall, core?.Wall, rows.Count)
        {
            PerCpuSecond = batched.Cpu is { } b && single.Cpu is { } s ? (b, s, core?.Cpu) : null,
        };
    }

    /// <summary>
    /// The baseline for <see cref="ExplainBenchmarkResult.Core"/>: the classic recursive TreeSHAP
    /// (Lundberg, Erion &amp; Lee 2018, Algorithm 2) on the same rows, encoded the same way and
    /// through the same additivity check, per second of the clock and of the thread's CPU time
    /// (see <see cref="ExplainBenchmarkResult.PerCpuSecond"/>); null for explainers other than TreeSHAP.
    /// </summary>
    public static (double PerSecond, double? PerCpuSecond)? MeasureRecursive(IExplainer explainer, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(rows);
        if (explainer is not TreeExplainer trees || rows.Count == 0)
        {
            return null;
        }
        // Few rows per call: the recursion is slow enough that a whole batch would outlast a round.
        var sample = rows.Take(RecursiveRows).ToArray();
        var encoded = trees.Encode(InputBatch.From(sample, trees.Model.Inputs, asOf));
        trees.ExplainEncoded(encoded, sample, recursive: true);
        return Rate(duration, () => trees.ExplainEncoded(encoded, sample, recursive: true).Length);
    }

    private const int RecursiveRows = 64;

    private const int Rounds = 5;

    /// <summary>The best round's rate per second of the clock and per second of this thread's CPU time.</summary>
    private static (double Wall, double? Cpu) Rate(TimeSpan duration, Func<int> work)
    {
        var best = 0.0;
        double? bestCpu = 0.0;
        for (var round = 0; round < Rounds; round++)
        {
            var cpu = ThreadCpuSeconds();
            var clock = Stopwatch.StartNew();
            long done = 0;
            do
            {
                done += work();
            }
            while (clock.Elapsed < duration / Rounds);
            var elapsed = clock.Elapsed.TotalSeconds;
            best = Math.Max(best, done / elapsed);
            var used = ThreadCpuSeconds() - cpu;
            bestCpu = used > 0 && bestCpu is { } sofar ? Math.Max(sofar, done / used.Value) : null;
        }
        return (best, bestCpu);
    }

    /// <summary>The calling thread's time on a CPU so far (Linux), in seconds; null where it is not reported.</summary>
    private static double? ThreadCpuSeconds()
    {
        try
        {
            // The first field is the nanoseconds the thread has run (schedstat, Linux 2.6.9+).
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            return long.TryParse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture, out var ns) && ns > 0
                ? ns / 1e9
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
