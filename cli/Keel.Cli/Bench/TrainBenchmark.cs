using System.Diagnostics;
using System.Globalization;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Cli.Bench;

/// <summary>
/// <c>keel bench train</c>: LightGbm with its default hyper-parameters against SDCA logistic
/// regression, the linear baseline, on the same split of the same training set in the same run:
/// holdout AUC and wall time of each. Each is trained twice; the first run is the warm-up (JIT,
/// native libraries) and doubles as a check that training is deterministic — both runs must give
/// identical metrics.
/// </summary>
public static class TrainBenchmark
{
    public static async Task<BenchReport> RunAsync(TrainingSet set, string positiveClass, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentException.ThrowIfNullOrWhiteSpace(positiveClass);
        var label = set.LabelColumn ?? throw new ArgumentException($"The training set of '{set.Service}' names no label column.");
        var spec = new TrainingSpec
        {
            Name = "bench_train",
            FeatureService = set.Service,
            LabelView = set.LabelView,
            Label = label,
            Task = TrainingTask.Binary,
            PositiveClass = positiveClass,
        };

        progress?.Report($"training LightGbm (default hyper-parameters) on {set.Rows:N0} rows of {set.Service}");
        var (lightGbm, lightGbmWall) = await TrainTwiceAsync(set, spec with { ModelType = ModelType.LightGbm }, ct);
        progress?.Report($"LightGbm: AUC {lightGbm.Metrics[TrainingMetrics.Auc]:F4} in {lightGbmWall.TotalMilliseconds:N0} ms; training SDCA logistic regression");
        var (sdca, sdcaWall) = await TrainTwiceAsync(set, spec with { ModelType = ModelType.Sdca }, ct);
        progress?.Report($"SDCA: AUC {sdca.Metrics[TrainingMetrics.Auc]:F4} in {sdcaWall.TotalMilliseconds:N0} ms");

        var lightGbmAuc = lightGbm.Metrics[TrainingMetrics.Auc];
        var sdcaAuc = sdca.Metrics[TrainingMetrics.Auc];
        return new BenchReport
        {
            Name = "train",
            Command = "keel bench train",
            Parameters = new Dictionary<string, object>
            {
                ["service"] = set.Service,
                ["rows"] = set.Rows,
                ["features"] = lightGbm.Features.Count,
                ["label"] = label,
                ["positive_class"] = positiveClass,
                ["seed"] = spec.Seed,
                ["holdout_fraction"] = spec.HoldoutFraction,
                ["lightgbm_hyper_parameters"] = Describe(lightGbm.HyperParameters),
                ["sdca_hyper_parameters"] = Describe(sdca.HyperParameters),
                ["threads"] = 1,
            },
            Measurements = new Dictionary<string, double>
            {
                ["lightgbm_auc"] = Math.Round(lightGbmAuc, 4),
                ["sdca_auc"] = Math.Round(sdcaAuc, 4),
                ["auc_gain"] = Math.Round(lightGbmAuc - sdcaAuc, 4),
                ["lightgbm_wall_ms"] = Math.Round(lightGbmWall.TotalMilliseconds, 1),
                ["sdca_wall_ms"] = Math.Round(sdcaWall.TotalMilliseconds, 1),
                ["lightgbm_fit_ms"] = Math.Round(lightGbm.TrainingTime.TotalMilliseconds, 1),
                ["sdca_fit_ms"] = Math.Round(sdca.TrainingTime.TotalMilliseconds, 1),
                ["lightgbm_onnx_max_abs_diff"] = lightGbm.OnnxParity.MaxAbsDiff,
                ["sdca_onnx_max_abs_diff"] = sdca.OnnxParity.MaxAbsDiff,
                ["train_rows"] = lightGbm.TrainRows,
                ["holdout_rows"] = lightGbm.HoldoutRows,
            },
            // The issue asks for the comparison and sets no threshold; the run is valid when both models
            // trained reproducibly (checked above), which is what "met" records here.
            Target = "none set: LightGbm holdout AUC and wall time reported against SDCA logistic regression in the same run",
            TargetMet = true,
            Notes = """
                Both models train on the same split (a hash of seed, entity key and event time) of the same point-in-time
                training set, on one thread each, as Keel always trains for reproducibility. wall_ms is the whole
                ModelTrainer.TrainAsync call: encoding, fitting, holdout evaluation, the ML.NET save, ONNX export and the
                ONNX parity check on the holdout; fit_ms is the pipeline fit alone. Each model is trained once untimed
                first (warm-up), and both runs are checked to give identical metrics.
                """,
        };
    }

    private static async Task<(TrainedModel Model, TimeSpan Wall)> TrainTwiceAsync(TrainingSet set, TrainingSpec spec, CancellationToken ct)
    {
        var warmUp = await ModelTrainer.TrainAsync(set, spec, ct);
        var clock = Stopwatch.StartNew();
        var model = await ModelTrainer.TrainAsync(set, spec, ct);
        clock.Stop();
        var differing = model.Metrics.Where(m => !warmUp.Metrics.TryGetValue(m.Key, out var first) || !first.Equals(m.Value)).Select(m => m.Key).ToArray();
        if (differing.Length > 0)
        {
            throw new InvalidOperationException($"{spec.ModelType.Name()} gave different {string.Join(", ", differing)} on two runs of the same spec and data; training is not deterministic.");
        }
        return (model, clock.Elapsed);
    }

    private static string Describe(IReadOnlyDictionary<string, HyperParameterValue> parameters) =>
        string.Join(", ", parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));
}
