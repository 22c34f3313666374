using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>
/// The names under which a training run logs its artifacts. A registered version carries the same
/// names (the ONNX model is the version's own artifact), so lineage can be followed from either side.
/// </summary>
public static class RunArtifacts
{
    public const string Onnx = "model.onnx";

    public const string MlNetModel = ArtifactNames.MlNetModel;

    /// <summary>The spec as it was requested (with its search section, when it had one): what a retraining starts from.</summary>
    public const string TrainingSpec = "training-spec.json";

    /// <summary>The spec that rebuilds exactly this model: the requested one, or the best trial's when it searched.</summary>
    public const string ModelSpec = "model-spec.json";

    /// <summary>The training set as Parquet: its SHA-256 is the dataset snapshot hash in lineage.</summary>
    public const string Dataset = "dataset.parquet";

    /// <summary>What the snapshot is: feature service, label view, view versions, rows, time range.</summary>
    public const string DatasetManifest = "dataset.json";

    /// <summary>The holdout as the gates need it (<see cref="EvaluationBundle"/>).</summary>
    public const string Evaluation = "evaluation.json";

    /// <summary>The champion's scores on the same holdout, or why there are none (<see cref="ChampionComparison"/>).</summary>
    public const string ChampionComparison = "champion-comparison.json";

    public const string GateReportJson = ArtifactNames.GateReportJson;

    public const string GateReportHtml = ArtifactNames.GateReportHtml;
}
