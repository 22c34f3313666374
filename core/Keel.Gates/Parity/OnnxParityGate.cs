using Keel.Gates.Settings;

namespace Keel.Gates.Parity;

/// <summary>
/// The exported ONNX model must score like the trained model: the largest absolute difference
/// between their outputs on the compared rows at most <c>max_abs_diff</c> (1e-5 by default). A
/// model whose parity was not measured fails, since serving would run an unverified graph.
/// </summary>
public sealed class OnnxParityGate : IValidationGate
{
    public const string GateName = "onnx_parity";
    public const string MaxAbsDiffKey = "max_abs_diff";
    public const double DefaultMaxAbsDiff = 1e-5;

    public string Name => GateName;

    public void ValidateSettings(GateSettings settings) => MaxAbsDiff(settings);

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var limit = MaxAbsDiff(context.SettingsFor(Name));
        GateCheck check;
        var measurements = new Dictionary<string, double>();
        if (context.OnnxParity is not { } parity || parity.RowsCompared <= 0)
        {
            check = GateCheck.Fail("max_abs_diff", null, "ONNX parity was not measured: the exported model was not compared with the trained one");
        }
        else if (!double.IsFinite(parity.MaxAbsDifference) || parity.MaxAbsDifference < 0)
        {
            check = GateCheck.Fail("max_abs_diff", null, $"ONNX parity measurement is invalid: max |Δ| = {parity.MaxAbsDifference}");
        }
        else
        {
            check = GateCheck.Compare("max_abs_diff", null, parity.MaxAbsDifference, Comparison.AtMost, limit,
                $"max |Δ| between ONNX and trained-model outputs over {parity.RowsCompared} rows:");
            measurements["max_abs_diff"] = parity.MaxAbsDifference;
            measurements["rows_compared"] = parity.RowsCompared;
        }
        return Task.FromResult(new GateResult
        {
            Gate = Name,
            Verdict = check.Verdict,
            Summary = check.Message,
            Checks = [check],
            Measurements = measurements,
        });
    }

    private static double MaxAbsDiff(GateSettings settings)
    {
        settings.EnsureKnown(MaxAbsDiffKey);
        return settings.Number(MaxAbsDiffKey, DefaultMaxAbsDiff, 0);
    }
}
