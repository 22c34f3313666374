using System.Globalization;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>The params, tags and metrics a training run records, named as MLflow users expect.</summary>
internal static class TrainingRunParameters
{
    /// <summary>What is known before training: the trainer, the seed and split, and what identifies the spec and the data.</summary>
    public static Dictionary<string, string> AtStart(TrainingSpec spec, DatasetManifest dataset)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model_type"] = spec.ModelType.Name(),
            ["task"] = spec.Task.Name(),
            ["seed"] = spec.Seed.ToString(CultureInfo.InvariantCulture),
            ["holdout_fraction"] = spec.HoldoutFraction.ToString("R", CultureInfo.InvariantCulture),
            ["label"] = spec.Label,
            ["feature_service"] = spec.FeatureService,
            ["spec_hash"] = spec.Hash,
            ["dataset_sha256"] = dataset.DatasetSha256,
            ["dataset_rows"] = dataset.Rows.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Search is { } search)
        {
            parameters["search.strategy"] = search.Strategy == SearchStrategy.Grid ? "grid" : "random";
            parameters["search.metric"] = search.Metric;
            if (search.Trials is { } trials)
            {
                parameters["search.trials"] = trials.ToString(CultureInfo.InvariantCulture);
            }
        }
        return parameters;
    }

    /// <summary>Every hyper-parameter the trainer ran with, defaults included, and the hash of the spec that rebuilds the model.</summary>
    public static Dictionary<string, string> Trained(TrainedModel model)
    {
        var parameters = model.HyperParameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        parameters["model_spec_hash"] = model.SpecHash;
        return parameters;
    }

    public static Dictionary<string, string> Tags(TrainingSpec spec, IReadOnlyDictionary<string, string> extra)
    {
        var tags = new Dictionary<string, string>(spec.Tags.ToDictionary(), StringComparer.Ordinal)
        {
            ["model"] = spec.Name,
        };
        foreach (var (key, value) in extra)
        {
            tags[key] = value;
        }
        return tags;
    }

    /// <summary>Holdout metrics and what the run measured about itself; non-finite values are left out, as the stores refuse them.</summary>
    public static Dictionary<string, double> Metrics(TrainedModel model)
    {
        var metrics = Finite(model.Metrics);
        metrics["train_rows"] = model.TrainRows;
        metrics["holdout_rows"] = model.HoldoutRows;
        metrics["training_seconds"] = model.TrainingTime.TotalSeconds;
        if (double.IsFinite(model.OnnxParity.MaxAbsDiff))
        {
            metrics["onnx_parity_max_abs_diff"] = model.OnnxParity.MaxAbsDiff;
        }
        return metrics;
    }

    public static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
}
