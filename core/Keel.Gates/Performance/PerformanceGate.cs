using Keel.Gates.Metrics;
using Keel.Gates.Settings;

namespace Keel.Gates.Performance;

/// <summary>
/// Holds the candidate's holdout metrics against absolute bounds and, when there is a champion,
/// checks the candidate is not worse than the champion on the same rows by more than a margin.
/// Without a champion the comparison is skipped and the absolute bounds still decide.
/// </summary>
public sealed class PerformanceGate : IValidationGate
{
    public const string GateName = "performance";

    public string Name => GateName;

    public void ValidateSettings(GateSettings settings) => PerformanceOptions.Parse(settings);

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var options = PerformanceOptions.Parse(context.SettingsFor(Name));
        var holdout = context.Holdout;
        var candidate = ModelMetrics.Compute(holdout, holdout.Scores, context.Threshold);
        var champion = holdout.ChampionScores is { } championScores ? ModelMetrics.Compute(holdout, championScores, context.Threshold) : null;

        var checks = new List<GateCheck>();
        var bounds = holdout.Task == ModelTask.Binary
            ? new[] { (MetricNames.Auc, options.MinAuc, Comparison.AtLeast), (MetricNames.F1, options.MinF1, Comparison.AtLeast), (MetricNames.Accuracy, options.MinAccuracy, Comparison.AtLeast) }
            : new[] { (MetricNames.Rmse, options.MaxRmse, Comparison.AtMost), (MetricNames.Mae, options.MaxMae, Comparison.AtMost) };
        foreach (var (metric, bound, comparison) in bounds)
        {
            if (bound is { } threshold)
            {
                checks.Add(candidate.TryGetValue(metric, out var value)
                    ? GateCheck.Compare(metric, metric, value, comparison, threshold, MetricNames.Display(metric))
                    : GateCheck.Fail(metric, metric, $"{MetricNames.Display(metric)} is undefined on this holdout ({Undefined(metric)})"));
            }
        }
        if (checks.Count == 0)
        {
            checks.Add(GateCheck.Skip("absolute", null, "no absolute bounds are set"));
        }
        checks.Add(NonInferiority(options, holdout.Task, candidate, champion));

        var measurements = new Dictionary<string, double>(candidate);
        foreach (var (name, value) in champion ?? new Dictionary<string, double>())
        {
            measurements["champion_" + name] = value;
        }
        var verdict = GateResult.Combine(checks);
        var passed = string.Join("; ", checks.Where(c => c.Verdict != GateVerdict.Fail).Select(c => c.Message));
        return Task.FromResult(new GateResult
        {
            Gate = Name,
            Verdict = verdict,
            Summary = GateResult.Summarize(checks, passed),
            Checks = checks,
            Measurements = measurements,
            Roc = holdout.BinaryLabels is { } labels ? Roc.Curve(labels, holdout.Scores) : null,
            ChampionRoc = holdout.BinaryLabels is { } championLabels && holdout.ChampionScores is { } scores ? Roc.Curve(championLabels, scores) : null,
        });
    }

    private static GateCheck NonInferiority(PerformanceOptions options, ModelTask task, IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? champion)
    {
        const string name = "non_inferiority";
        var metric = options.ChampionMetric ?? (task == ModelTask.Binary ? MetricNames.Auc : MetricNames.Rmse);
        var binaryMetric = metric is MetricNames.Auc or MetricNames.F1 or MetricNames.Accuracy;
        if (binaryMetric != (task == ModelTask.Binary))
        {
            throw new GateSettingsException($"gates.{GateName}.{PerformanceOptions.ChampionMetricKey}: '{metric}' does not apply to a {(task == ModelTask.Binary ? "binary" : "regression")} model");
        }
        var display = MetricNames.Display(metric);
        if (champion is null)
        {
            return GateCheck.Skip(name, metric, "no champion: non-inferiority not evaluated");
        }
        if (!candidate.TryGetValue(metric, out var value) || !champion.TryGetValue(metric, out var championValue))
        {
            return GateCheck.Fail(name, metric, $"{display} is undefined on this holdout ({Undefined(metric)}), so the candidate cannot be compared with the champion");
        }
        var higherIsBetter = MetricNames.HigherIsBetter(metric);
        var margin = options.ChampionMargin
            ?? (task == ModelTask.Binary ? PerformanceOptions.DefaultBinaryMargin : PerformanceOptions.DefaultRegressionRelativeMargin * championValue);
        var threshold = higherIsBetter ? championValue - margin : championValue + margin;
        var what = $"{display} against the champion's {GateCheck.Format(championValue)} {(higherIsBetter ? "less" : "plus")} margin {GateCheck.Format(margin)}:";
        return GateCheck.Compare(name, metric, value, higherIsBetter ? Comparison.AtLeast : Comparison.AtMost, threshold, what);
    }

    private static string Undefined(string metric) => metric switch
    {
        MetricNames.Auc => "the holdout has only one class",
        MetricNames.F1 => "no positives and no positive predictions",
        _ => "not computable",
    };
}
