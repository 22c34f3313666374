using Keel.Features.Offline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Keel.Training;

/// <summary>
/// Scores typed feature values with an exported ONNX model in ONNX Runtime — what the gates time
/// and compare, and what serving runs. Everything it needs is in the ONNX file: one input per
/// feature (float or string, [rows, 1]) and a Probability or Score output; values are encoded by
/// the same code as training. Thread-safe; dispose to free the native session.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputs;

    /// <param name="onnxModel">The model (<see cref="TrainedModel.OnnxBytes"/>).</param>
    /// <param name="options">
    /// Session options (execution provider, threads); when null, the CPU with one thread a run, as the
    /// inference service runs by default, so that both give the same bits for the same row whatever the
    /// machine's core count (split over threads, a tree ensemble sums its trees in another order), with
    /// warnings kept out of the log.
    /// </param>
    public OnnxScorer(byte[] onnxModel, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        if (options is null)
        {
            // The ML.NET export declares some intermediate shapes loosely; ONNX Runtime warns about it on every load.
            using var quiet = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, IntraOpNumThreads = 1 };
            _session = new InferenceSession(onnxModel, quiet);
        }
        else
        {
            _session = new InferenceSession(onnxModel, options);
        }
        try
        {
            InputSignature = _session.InputNames.Select(name => Describe(name, _session.InputMetadata[name])).ToArray();
            Inputs = InputSignature.Select(input => new InputColumn(input.Name, input.ElementType switch
            {
                "float" => FeatureEncoding.Numeric,
                "string" => FeatureEncoding.Category,
                _ => throw new NotSupportedException($"The ONNX input '{input.Name}' is {input.ElementType}; Keel models take float and string inputs."),
            })).ToArray();
            Output = _session.OutputNames.Contains(ScoreColumns.Probability + ScoreColumns.OnnxSuffix) ? ScoreColumns.Probability + ScoreColumns.OnnxSuffix
                : _session.OutputNames.Contains(ScoreColumns.Score + ScoreColumns.OnnxSuffix) ? ScoreColumns.Score + ScoreColumns.OnnxSuffix
                : throw new NotSupportedException("The ONNX model has neither a Probability.output nor a Score.output.");
            _outputs = [Output];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    /// <summary>The inputs as the ONNX session reports them.</summary>
    public IReadOnlyList<OnnxTensorInfo> InputSignature { get; }

    /// <summary>The output scores come from: Probability.output (binary) or Score.output (regression).</summary>
    public string Output { get; }

    /// <summary>One score per frame row; timestamps age to each row's event time.</summary>
    public float[] Score(FeatureFrame frame) => Score(FeatureValueEncoder.Encode(frame, Inputs));

    /// <summary>One score per row of feature name → value; <paramref name="asOf"/> is needed when an input is a timestamp.</summary>
    public float[] Score(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf = null) =>
        Score(FeatureValueEncoder.Encode(rows, Inputs, asOf));

    public float Score(IReadOnlyDictionary<string, object?> row, DateTimeOffset? asOf = null) => Score([row], asOf)[0];

    internal float[] Score(EncodedBatch batch)
    {
        if (batch.RowCount == 0)
        {
            return [];
        }
        long[] shape = [batch.RowCount, 1];
        var values = new OrtValue[batch.Inputs.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = batch.Inputs[i].Encoding == FeatureEncoding.Numeric
                    ? OrtValue.CreateTensorValueFromMemory(batch.Numbers(i), shape)
                    : OrtValue.CreateFromStringTensor(new DenseTensor<string>(batch.Categories(i), [batch.RowCount, 1]));
            }
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, batch.Inputs.Select(input => input.Name).ToArray(), values, _outputs);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private static OnnxTensorInfo Describe(string name, NodeMetadata metadata) => new(
        name,
        metadata.ElementType == typeof(float) ? "float"
            : metadata.ElementType == typeof(string) ? "string"
            : metadata.ElementType.Name.ToLowerInvariant(),
        metadata.Dimensions.Select(d => (long)d).ToArray());
}
