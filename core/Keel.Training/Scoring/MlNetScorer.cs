using Keel.Features.Offline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Training;

/// <summary>
/// Scores typed feature values with the ML.NET model itself (the saved .zip, or the model just
/// trained): the reference side of the ONNX parity check. Inputs are read from the model's input
/// schema and encoded by the same code as training and ONNX scoring.
/// </summary>
public sealed class MlNetScorer
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;

    /// <summary>Loads a model saved by training (<see cref="TrainedModel.MlNetZipBytes"/>).</summary>
    public MlNetScorer(byte[] modelZip)
    {
        ArgumentNullException.ThrowIfNull(modelZip);
        _ml = new MLContext(seed: 0);
        using var stream = new MemoryStream(modelZip, writable: false);
        _model = _ml.Model.Load(stream, out var inputSchema);
        Inputs = InputsOf(inputSchema);
        Output = OutputOf(_model.GetOutputSchema(inputSchema));
    }

    internal MlNetScorer(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        _ml = ml;
        _model = model;
        Inputs = InputsOf(inputSchema);
        Output = OutputOf(_model.GetOutputSchema(inputSchema));
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    /// <summary>The column scores come from: Probability (binary) or Score (regression).</summary>
    public string Output { get; }

    /// <summary>One score per frame row; timestamps age to each row's event time.</summary>
    public float[] Score(FeatureFrame frame) => Score(FeatureValueEncoder.Encode(frame, Inputs));

    /// <summary>One score per row of feature name → value; <paramref name="asOf"/> is needed when an input is a timestamp.</summary>
    public float[] Score(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf = null) =>
        Score(FeatureValueEncoder.Encode(rows, Inputs, asOf));

    internal float[] Score(EncodedBatch batch) =>
        _model.Transform(new EncodedDataView(batch)).GetColumn<float>(Output).ToArray();

    private static InputColumn[] InputsOf(DataViewSchema schema) => schema
        .Select(column => column.Type switch
        {
            NumberDataViewType { RawType: var raw } when raw == typeof(float) => new InputColumn(column.Name, FeatureEncoding.Numeric),
            TextDataViewType => new InputColumn(column.Name, FeatureEncoding.Category),
            _ => throw new NotSupportedException($"The model input '{column.Name}' is {column.Type}; Keel models take Single and Text inputs."),
        })
        .ToArray();

    private static string OutputOf(DataViewSchema output) =>
        output.GetColumnOrNull(ScoreColumns.Probability) is not null ? ScoreColumns.Probability
        : output.GetColumnOrNull(ScoreColumns.Score) is not null ? ScoreColumns.Score
        : throw new NotSupportedException("The model predicts neither a Probability nor a Score column.");
}
