using System.Globalization;
using Keel.Training;
using Xunit.Abstractions;

namespace Keel.Explain.Tests;

/// <summary>
/// Runs the explain micro-benchmark on the demo-sized credit model (LightGbm, 200 trees of 15
/// leaves) so it keeps working; it asserts no speed. KEEL_EXPLAIN_BENCH_SECONDS lengthens each
/// measurement for a real number (run in Release).
/// </summary>
public sealed class BenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_benchmark_measures_the_credit_model()
    {
        var set = CreditSample.Set;
        var spec = CreditSample.Spec(ModelType.LightGbm) with
        {
            HyperParameters = new Dictionary<string, HyperParameterValue> { ["num_iterations"] = 200, ["num_leaves"] = 15 },
        };
        var model = await ModelTrainer.TrainAsync(set, spec);
        var explainer = Explainers.For(model, set.Frame);
        var rows = Enumerable.Range(0, 1000)
            .Select(r => (IReadOnlyDictionary<string, object?>)set.Frame.Columns.Where(c => c.Name != "Status").ToDictionary(c => c.Name, c => c.Values[r]))
            .ToArray();
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("KEEL_EXPLAIN_BENCH_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0.2;

        var result = ExplainBenchmark.Measure(explainer, rows, asOf: null, TimeSpan.FromSeconds(seconds));

        var trees = ((TreeExplainer)explainer).Trees;
        output.WriteLine($"trees {trees.Roots.Length}, nodes {trees.NodeCount}, slots {trees.SlotCount}, max depth {trees.MaxDepth}");
        output.WriteLine($"batched {result.Batched:F0}/s, single {result.Single:F0}/s, core {result.Core:F0}/s (batch {result.BatchSize})");
        if (result.PerCpuSecond is { } cpu)
        {
            output.WriteLine($"per CPU second: batched {cpu.Batched:F0}, single {cpu.Single:F0}, core {cpu.Core:F0}");
        }
        var recursive = ExplainBenchmark.MeasureRecursive(explainer, rows, asOf: null, TimeSpan.FromSeconds(seconds));
        output.WriteLine($"baseline, the recursive TreeSHAP on encoded rows: {recursive?.PerSecond:F0}/s, per CPU second {recursive?.PerCpuSecond:F0}");
        if (File.Exists("/proc/loadavg"))
        {
            output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        Assert.True(result.Batched > 0 && result.Single > 0 && result.Core > 0 && recursive?.PerSecond > 0);
    }
}
