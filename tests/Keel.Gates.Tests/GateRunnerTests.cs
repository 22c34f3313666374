using Keel.Features.Definitions;
using Keel.Gates.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Gates.Tests;

public class GateRunnerTests
{
    [Fact]
    public async Task The_built_in_gates_pass_a_fair_accurate_model_with_latency_skipped()
    {
        var data = SyntheticCredit.Create(4000, seed: 31, labelDependsOnAge: false, withChampion: true);
        var time = new FixedTime(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

        var report = await new GateRunner(GateRunner.BuiltIns(), time).RunAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, report.Verdict);
        Assert.True(report.Passed);
        Assert.Equal(["performance", "bias", "schema", "onnx_parity", "latency"], report.Results.Select(r => r.Gate));
        Assert.Equal(GateVerdict.Skipped, report.Result("latency")!.Verdict);
        Assert.Equal(time.Now, report.EvaluatedAt);
        Assert.Equal(("credit_model", "7", ModelTask.Binary), (report.ModelName, report.ModelVersion, report.Task));
        Assert.True(report.Metrics["auc"] > report.ChampionMetrics!["auc"]);
        Assert.Equal(4000, report.Metrics["rows"]);
    }

    [Fact]
    public async Task One_failing_gate_fails_the_report()
    {
        var data = SyntheticCredit.Create(4000, seed: 32, labelDependsOnAge: false);
        var context = data.Context() with { ModelInputs = SampleSchema.Model.Where(i => i.Name != "Home").ToArray() };

        var report = await GateRunner.WithBuiltIns().RunAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, report.Verdict);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("schema", failure.Gate);
        Assert.Contains("'Home'", failure.Summary);
    }

    [Fact]
    public async Task A_gate_of_the_application_runs_with_the_built_ins_and_a_gate_that_throws_fails()
    {
        var data = SyntheticCredit.Create(500, seed: 33, labelDependsOnAge: false);

        var report = await GateRunner.WithBuiltIns(new PositiveRateGate(), new ThrowingGate()).RunAsync(data.Context(), CancellationToken.None);

        var custom = report.Result("positive_rate")!;
        Assert.Equal(GateVerdict.Pass, custom.Verdict);
        var broken = report.Result("broken")!;
        Assert.Equal(GateVerdict.Fail, broken.Verdict);
        Assert.Equal("the gate could not be evaluated: the scorer went away", broken.Summary);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task A_gate_disabled_in_the_spec_is_skipped_and_says_so()
    {
        var data = SyntheticCredit.Create(500, seed: 34, labelDependsOnAge: false);
        var context = data.Context(Spec.Of("onnx_parity", ("enabled", false))) with { OnnxParity = null };

        var report = await GateRunner.WithBuiltIns().RunAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Skipped, report.Result("onnx_parity")!.Verdict);
        Assert.Equal("disabled by gates.onnx_parity.enabled", report.Result("onnx_parity")!.Summary);
    }

    [Fact]
    public async Task Settings_for_an_unknown_gate_or_key_are_rejected_before_any_gate_runs()
    {
        var data = SyntheticCredit.Create(100, seed: 35, labelDependsOnAge: false);
        var runner = GateRunner.WithBuiltIns();

        var gate = await Assert.ThrowsAsync<GateSettingsException>(() => runner.RunAsync(data.Context(Spec.Of("bais", ("min_group_size", 10))), CancellationToken.None));
        Assert.Equal("gates: unknown gate 'bais'; gates: performance, bias, schema, onnx_parity, latency", gate.Message);

        var key = Assert.Throws<GateSettingsException>(() => runner.ValidateSettings(Spec.Of("schema", ("strict", true))));
        Assert.Equal("gates.schema: unknown setting 'strict'; accepted: none but 'enabled'", key.Message);

        var enabled = Assert.Throws<GateSettingsException>(() => runner.ValidateSettings(Spec.Of("latency", ("enabled", "sometimes"))));
        Assert.Equal("gates.latency.enabled: expected true or false, got 'sometimes'", enabled.Message);
    }

    [Fact]
    public void Settings_parsed_from_json_are_read_like_any_other()
    {
        var json = System.Text.Json.JsonDocument.Parse("""{"bias": {"min_group_size": 50, "favourable": "positive", "buckets": {"Age": [30, 50]}}, "latency": {"p95_budget_ms": "2.5"}}""");
        var settings = json.RootElement.EnumerateObject().ToDictionary(
            gate => gate.Name,
            gate => (IReadOnlyDictionary<string, object?>)gate.Value.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value));

        GateRunner.WithBuiltIns().ValidateSettings(settings);
        var bias = Bias.BiasOptions.Parse(new GateSettings("bias", settings["bias"]));
        Assert.Equal((50, Bias.FavourableOutcome.Positive), (bias.MinGroupSize, bias.Favourable));
        Assert.Equal([30.0, 50.0], bias.Buckets["Age"].Edges!);
        Assert.Equal(2.5, Latency.LatencyOptions.Parse(new GateSettings("latency", settings["latency"])).P95BudgetMs);
    }

    [Fact]
    public async Task A_context_whose_parts_disagree_is_rejected()
    {
        var data = SyntheticCredit.Create(100, seed: 36, labelDependsOnAge: false);
        var context = data.Context() with { ProtectedAttributes = [new ProtectedAttribute("Age", FeatureType.Int64, [30L])] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => GateRunner.WithBuiltIns().RunAsync(context, CancellationToken.None));
        Assert.Equal("protected attribute 'Age': 1 values for 100 holdout rows", error.Message);

        Assert.Equal("holdout: 1 scores for 2 labels", Assert.Throws<ArgumentException>(() => Holdout.Binary([true, false], [0.3])).Message);
        Assert.Equal("holdout: 1 champion scores for 2 labels; the champion must be scored on the same rows",
            Assert.Throws<ArgumentException>(() => Holdout.Binary([true, false], [0.3, 0.4], [0.1])).Message);
        Assert.Equal("holdout: scores at row 1 is NaN, not a finite number", Assert.Throws<ArgumentException>(() => Holdout.Binary([true, false], [0.3, double.NaN])).Message);
    }

    [Fact]
    public void Two_gates_of_one_name_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => GateRunner.WithBuiltIns(new Schema.SchemaGate()));
        Assert.StartsWith("two gates are named 'schema'", error.Message);
    }

    [Fact]
    public void Dependency_injection_registers_the_built_ins_once_and_the_application_gates_after_them()
    {
        var services = new ServiceCollection();
        services.AddKeelGates();
        services.AddKeelGates();
        services.AddValidationGate<PositiveRateGate>();

        var gates = services.Where(d => d.ServiceType == typeof(IValidationGate)).Select(d => d.ImplementationType!.Name).ToArray();
        Assert.Equal(["PerformanceGate", "BiasGate", "SchemaGate", "OnnxParityGate", "LatencyGate", "PositiveRateGate"], gates);
        Assert.Single(services, d => d.ServiceType == typeof(GateRunner));
    }

    /// <summary>A gate an application might add: the share of positive predictions must stay under a cap.</summary>
    private sealed class PositiveRateGate : IValidationGate
    {
        public string Name => "positive_rate";

        public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
        {
            var rate = context.Holdout.Scores.Average(s => s >= context.Threshold ? 1.0 : 0.0);
            var check = GateCheck.Compare("positive_rate", null, rate, Comparison.AtMost, 0.6, "positive rate");
            return Task.FromResult(new GateResult { Gate = Name, Verdict = check.Verdict, Summary = check.Message, Checks = [check] });
        }
    }

    private sealed class ThrowingGate : IValidationGate
    {
        public string Name => "broken";

        public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the scorer went away");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now => now;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
