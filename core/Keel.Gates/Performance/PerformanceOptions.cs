using Keel.Gates.Metrics;
using Keel.Gates.Settings;

namespace Keel.Gates.Performance;

/// <summary>
/// <c>gates.performance</c>: absolute bounds on the candidate's metrics, and the metric and margin
/// of the non-inferiority comparison with the champion. A bound set to null is not checked; bounds
/// of the other task (RMSE for a classifier) are ignored so one spec can serve both.
/// </summary>
public sealed record PerformanceOptions
{
    public const string MinAucKey = "min_auc";
    public const string MinF1Key = "min_f1";
    public const string MinAccuracyKey = "min_accuracy";
    public const string MaxRmseKey = "max_rmse";
    public const string MaxMaeKey = "max_mae";
    public const string ChampionMetricKey = "champion_metric";
    public const string ChampionMarginKey = "champion_margin";

    /// <summary>The default absolute margin of a binary comparison: the candidate's AUC may be at most 0.01 below the champion's.</summary>
    public const double DefaultBinaryMargin = 0.01;

    /// <summary>
    /// The default margin of a regression comparison, as a share of the champion's error: RMSE has
    /// the label's units, so no absolute number fits every model.
    /// </summary>
    public const double DefaultRegressionRelativeMargin = 0.01;

    public double? MinAuc { get; init; } = 0.7;

    public double? MinF1 { get; init; }

    public double? MinAccuracy { get; init; }

    public double? MaxRmse { get; init; }

    public double? MaxMae { get; init; }

    /// <summary>The metric compared with the champion's; null means AUC for binary models and RMSE for regression.</summary>
    public string? ChampionMetric { get; init; }

    /// <summary>How much worse than the champion the candidate may be, in the metric's units; null means the task's default.</summary>
    public double? ChampionMargin { get; init; }

    public static PerformanceOptions Parse(GateSettings settings)
    {
        settings.EnsureKnown(MinAucKey, MinF1Key, MinAccuracyKey, MaxRmseKey, MaxMaeKey, ChampionMetricKey, ChampionMarginKey);
        var defaults = new PerformanceOptions();
        return new PerformanceOptions
        {
            MinAuc = settings.Threshold(MinAucKey, defaults.MinAuc, 0, 1),
            MinF1 = settings.Threshold(MinF1Key, null, 0, 1),
            MinAccuracy = settings.Threshold(MinAccuracyKey, null, 0, 1),
            MaxRmse = settings.Threshold(MaxRmseKey, null, 0),
            MaxMae = settings.Threshold(MaxMaeKey, null, 0),
            ChampionMetric = settings.Choice(ChampionMetricKey, null, MetricNames.Auc, MetricNames.F1, MetricNames.Accuracy, MetricNames.Rmse, MetricNames.Mae),
            ChampionMargin = settings.Threshold(ChampionMarginKey, null, 0),
        };
    }
}
