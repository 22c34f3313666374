namespace Keel.Training;

/// <summary>
/// Everything one training run produced: both model forms, the holdout metrics and predictions,
/// the ONNX parity measurement, the model's inputs, and what lineage needs to rebuild it (the spec
/// and its hash, the resolved hyper-parameters, the seed, the dataset snapshot).
/// </summary>
public sealed record TrainedModel
{
    public required TrainingSpec Spec { get; init; }

    public required string SpecHash { get; init; }

    public int Seed => Spec.Seed;

    /// <summary>Every hyper-parameter the trainer ran with: the spec's values and the catalogue's defaults.</summary>
    public required IReadOnlyDictionary<string, HyperParameterValue> HyperParameters { get; init; }

    public required DatasetSnapshot Dataset { get; init; }

    /// <summary>The model as ONNX (ML.NET ConvertToOnnx): what serving runs.</summary>
    public required byte[] OnnxBytes { get; init; }

    /// <summary>The ML.NET model (MLContext.Model.Save): the reference the ONNX export is checked against.</summary>
    public required byte[] MlNetZipBytes { get; init; }

    /// <summary>Holdout metrics by name (<see cref="TrainingMetrics"/>).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The ML.NET model's predictions for every holdout row, in the split's canonical row order.</summary>
    public required IReadOnlyList<HoldoutPrediction> HoldoutPredictions { get; init; }

    /// <summary>The features the model takes, their types and the ONNX inputs they feed.</summary>
    public required IReadOnlyList<ModelFeature> Features { get; init; }

    /// <summary>The ONNX model's inputs as ONNX Runtime reports them.</summary>
    public required IReadOnlyList<OnnxTensorInfo> InputSignature { get; init; }

    /// <summary>The spec's protected attributes (for the bias gate).</summary>
    public IReadOnlyList<string> ProtectedAttributes => Spec.ProtectedAttributes;

    /// <summary>The protected attributes that are also model inputs because the feature service serves them.</summary>
    public IReadOnlyList<string> ProtectedInputs => Features.Where(f => f.IsProtected).Select(f => f.Name).ToArray();

    public required OnnxParityResult OnnxParity { get; init; }

    /// <summary>The time fitting the ML.NET pipeline took (not counting evaluation and export).</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>The whole run: encoding, fitting, evaluation, saving, ONNX export and the parity check.</summary>
    public required TimeSpan WallTime { get; init; }

    public required int TrainRows { get; init; }

    public required int HoldoutRows { get; init; }
}
