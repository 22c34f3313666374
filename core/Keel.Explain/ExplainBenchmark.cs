using System.Diagnostics;

namespace Keel.Explain;

/// <summary>Explanations per second, one thread, measured three ways (see <see cref="ExplainBenchmark"/>).</summary>
/// <param name="Method">The explainer's method.</param>
/// <param name="Batched">Rows explained through <see cref="IExplainer.ExplainBatch"/>: encoding by the model's transforms, amortised over the batch, included.</param>
/// <param name="Single">Rows explained one call at a time through <see cref="IExplainer.Explain"/>: the per-call cost of the ML.NET transforms included.</param>
/// <param name="Core">TreeSHAP alone on rows already encoded (null for KernelSHAP): the algorithm's own speed.</param>
/// <param name="BatchSize">The rows per <see cref="IExplainer.ExplainBatch"/> call.</param>
public sealed record ExplainBenchmarkResult(string Method, double Batched, double Single, double? Core, int BatchSize);

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
        double? core = null;
        if (explainer is TreeExplainer trees)
        {
            var encoded = trees.Encode(InputBatch.From(rows, trees.Model.Inputs, asOf));
            core = Rate(duration, () => trees.ExplainEncoded(encoded, rows).Length);
        }
        return new ExplainBenchmarkResult(explainer.Method, batched, single, core, rows.Count);
    }

    private const int Rounds = 5;

    private static double Rate(TimeSpan duration, Func<int> work)
    {
        var best = 0.0;
        for (var round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            long done = 0;
            do
            {
                done += work();
            }
            while (clock.Elapsed < duration / Rounds);
            best = Math.Max(best, done / clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
