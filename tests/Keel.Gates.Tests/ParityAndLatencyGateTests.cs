using Keel.Gates.Latency;
using Keel.Gates.Parity;

namespace Keel.Gates.Tests;

public class ParityAndLatencyGateTests
{
    private static GateContext Context() => new()
    {
        ModelName = "credit_model",
        ModelVersion = "1",
        Holdout = Holdout.Binary([true, false], [0.8, 0.2]),
    };

    [Fact]
    public async Task Onnx_parity_passes_within_the_tolerance_and_fails_beyond_it()
    {
        var gate = new OnnxParityGate();

        var close = await gate.EvaluateAsync(Context() with { OnnxParity = new OnnxParityMeasurement(4e-7, 900) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Pass, close.Verdict);
        Assert.Equal(1e-5, close.Checks[0].Threshold);
        Assert.Equal(900, close.Measurements["rows_compared"]);

        var far = await gate.EvaluateAsync(Context() with { OnnxParity = new OnnxParityMeasurement(2e-3, 900) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Fail, far.Verdict);
        Assert.Contains("over 900 rows: 0.002 > 1E-5 (maximum)", far.Summary);

        var loose = await gate.EvaluateAsync(Context() with
        {
            OnnxParity = new OnnxParityMeasurement(2e-3, 900),
            Settings = Spec.Of("onnx_parity", ("max_abs_diff", 0.01)),
        }, CancellationToken.None);
        Assert.Equal(GateVerdict.Pass, loose.Verdict);
    }

    [Fact]
    public async Task Onnx_parity_fails_when_it_was_not_measured()
    {
        var gate = new OnnxParityGate();

        var unmeasured = await gate.EvaluateAsync(Context(), CancellationToken.None);
        var noRows = await gate.EvaluateAsync(Context() with { OnnxParity = new OnnxParityMeasurement(0, 0) }, CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, unmeasured.Verdict);
        Assert.StartsWith("ONNX parity was not measured", unmeasured.Summary);
        Assert.Equal(GateVerdict.Fail, noRows.Verdict);
    }

    [Fact]
    public async Task Latency_passes_within_the_p95_budget_after_a_warm_up()
    {
        var calls = new List<int>();
        var context = Context() with
        {
            LatencyProbe = (samples, _) =>
            {
                calls.Add(samples);
                // One slow outlier in twenty: p95 ignores it.
                return Task.FromResult<IReadOnlyList<TimeSpan>>(Enumerable.Range(0, samples)
                    .Select(i => TimeSpan.FromMilliseconds(i % 40 == 0 ? 50 : 1 + i % 3)).ToArray());
            },
        };

        var result = await new LatencyGate().EvaluateAsync(context, CancellationToken.None);

        Assert.Equal([20, 200], calls);
        Assert.Equal(GateVerdict.Pass, result.Verdict);
        Assert.Equal(3, result.Latency!.P95Ms);
        Assert.Equal(50, result.Latency.MaxMs);
        Assert.Equal(5, result.Latency.BudgetMs);
    }

    [Fact]
    public async Task Latency_fails_beyond_the_budget_and_is_skipped_without_a_probe()
    {
        var slow = Context() with
        {
            LatencyProbe = (samples, _) => Task.FromResult<IReadOnlyList<TimeSpan>>(Enumerable.Range(1, samples).Select(i => TimeSpan.FromMilliseconds(i)).ToArray()),
            Settings = Spec.Of("latency", ("samples", 100), ("warmup", 0), ("p95_budget_ms", 20)),
        };

        var failed = await new LatencyGate().EvaluateAsync(slow, CancellationToken.None);
        var skipped = await new LatencyGate().EvaluateAsync(Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, failed.Verdict);
        Assert.Equal("p95 of 100 single-row scorings (ms): 95 > 20 (maximum)", failed.Summary);
        Assert.Equal(GateVerdict.Skipped, skipped.Verdict);
        Assert.Equal("no latency probe: single-row scoring could not be timed here", skipped.Summary);
    }

    [Fact]
    public async Task A_probe_that_returns_nothing_fails()
    {
        var context = Context() with { LatencyProbe = (_, _) => Task.FromResult<IReadOnlyList<TimeSpan>>([]) };

        var result = await new LatencyGate().EvaluateAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal("the latency probe returned no timings", result.Summary);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 200).Select(i => (double)i).ToArray();
        Assert.Equal(190, LatencySummary.Percentile(sorted, 95));
        Assert.Equal(100, LatencySummary.Percentile(sorted, 50));
        Assert.Equal(7, LatencySummary.Percentile([7], 95));
    }
}
