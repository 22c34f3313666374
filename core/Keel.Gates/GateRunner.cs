using Keel.Gates.Bias;
using Keel.Gates.Latency;
using Keel.Gates.Metrics;
using Keel.Gates.Parity;
using Keel.Gates.Performance;
using Keel.Gates.Schema;
using Keel.Gates.Settings;

namespace Keel.Gates;

/// <summary>
/// Runs a set of gates over one candidate and writes the report. Gates run one after another, so
/// the latency gate's timings do not compete with another gate for the CPU. Bad settings throw
/// <see cref="GateSettingsException"/> before any gate runs — the spec is wrong and no report
/// should pretend otherwise — while a gate that throws fails, with the error as its summary.
/// </summary>
public sealed class GateRunner
{
    private readonly IReadOnlyList<IValidationGate> _gates;
    private readonly TimeProvider _time;

    public GateRunner(IEnumerable<IValidationGate> gates, TimeProvider? timeProvider = null)
    {
        _gates = gates.ToArray();
        _time = timeProvider ?? TimeProvider.System;
        var duplicate = _gates.GroupBy(g => g.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two gates are named '{duplicate.Key}'; gate names are their keys in the spec and must be unique", nameof(gates));
        }
    }

    public IReadOnlyList<IValidationGate> Gates => _gates;

    /// <summary>Performance, bias, schema, ONNX parity and latency.</summary>
    public static IReadOnlyList<IValidationGate> BuiltIns() =>
        [new PerformanceGate(), new BiasGate(), new SchemaGate(), new OnnxParityGate(), new LatencyGate()];

    /// <summary>A runner of the built-in gates followed by <paramref name="extra"/> ones.</summary>
    public static GateRunner WithBuiltIns(params IValidationGate[] extra) => new(BuiltIns().Concat(extra));

    /// <summary>Checks the spec's <c>gates</c> section: every key names a gate, and every gate accepts its settings.</summary>
    public void ValidateSettings(IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> settings)
    {
        var unknown = settings.Keys.Where(name => _gates.All(g => g.Name != name)).ToArray();
        if (unknown.Length > 0)
        {
            throw new GateSettingsException(
                $"gates: unknown gate{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; gates: {string.Join(", ", _gates.Select(g => g.Name))}");
        }
        foreach (var gate in _gates)
        {
            var gateSettings = new GateSettings(gate.Name, settings.GetValueOrDefault(gate.Name));
            _ = gateSettings.Enabled;
            gate.ValidateSettings(gateSettings);
        }
    }

    public async Task<GateReport> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        context.Validate();
        ValidateSettings(context.Settings);

        var results = new List<GateResult>(_gates.Count);
        foreach (var gate in _gates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await EvaluateAsync(gate, context, cancellationToken));
        }

        var holdout = context.Holdout;
        return new GateReport
        {
            ModelName = context.ModelName,
            ModelVersion = context.ModelVersion,
            Task = holdout.Task,
            EvaluatedAt = _time.GetUtcNow(),
            Verdict = GateReport.Overall(results),
            Threshold = context.Threshold,
            Results = results,
            Metrics = ModelMetrics.Compute(holdout, holdout.Scores, context.Threshold),
            ChampionMetrics = holdout.ChampionScores is { } champion ? ModelMetrics.Compute(holdout, champion, context.Threshold) : null,
        };
    }

    private static async Task<GateResult> EvaluateAsync(IValidationGate gate, GateContext context, CancellationToken cancellationToken)
    {
        var settings = context.SettingsFor(gate.Name);
        if (!settings.Enabled)
        {
            return GateResult.Skipped(gate.Name, $"disabled by {settings.PathOf(GateSettings.EnabledKey)}");
        }
        try
        {
            var result = await gate.EvaluateAsync(context, cancellationToken);
            // The report is keyed by the name the spec uses, whatever the gate wrote into its result.
            return result.Gate == gate.Name ? result : result with { Gate = gate.Name };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (GateSettingsException)
        {
            throw;
        }
        catch (Exception error)
        {
            return new GateResult
            {
                Gate = gate.Name,
                Verdict = GateVerdict.Fail,
                Summary = $"the gate could not be evaluated: {error.Message}",
                Checks = [GateCheck.Fail("evaluation", null, $"{error.GetType().Name}: {error.Message}")],
            };
        }
    }
}
