using Keel.Features.Offline;
using Keel.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Keel.Serving.Tests;

/// <summary>
/// Rows of a frame as the model's input tensors (FP32 or BYTES, [rows, 1]) — encoded by hand here,
/// timestamps as their age in days at the row's event time — as v2 JSON inputs and as a raw
/// in-process ONNX Runtime run to compare the service with.
/// </summary>
public static class Tensors
{
    public static Dictionary<string, Array> Encode(FeatureFrame frame, IReadOnlyList<OnnxTensorInfo> inputs, int from, int count)
    {
        var columns = new Dictionary<string, Array>();
        foreach (var input in inputs)
        {
            var source = frame.Columns.Single(c => c.Name == input.Name);
            if (input.ElementType == "string")
            {
                columns[input.Name] = Enumerable.Range(from, count).Select(r => source.Values[r] as string is { Length: > 0 } s ? s : FeatureEncodings.MissingCategory).ToArray();
            }
            else
            {
                columns[input.Name] = Enumerable.Range(from, count).Select(r => source.Values[r] switch
                {
                    null => float.NaN,
                    double d => (float)d,
                    long l => l,
                    bool b => b ? 1f : 0f,
                    DateTimeOffset t => (float)(frame.Timestamps[r] - t).TotalDays,
                    var other => throw new InvalidOperationException(other.GetType().Name),
                }).ToArray();
            }
        }
        return columns;
    }

    /// <summary>A v2 request body; NaN (a missing value) is written as null, JSON having no NaN.</summary>
    public static object Request(Dictionary<string, Array> columns, string? id = null) => new
    {
        id,
        inputs = columns.Select(pair => new
        {
            name = pair.Key,
            shape = new[] { pair.Value.Length, 1 },
            datatype = pair.Value is string[] ? "BYTES" : "FP32",
            data = pair.Value is float[] numbers ? numbers.Select(v => float.IsNaN(v) ? (float?)null : v).Cast<object?>().ToArray() : pair.Value.Cast<object?>().ToArray(),
        }).ToArray(),
    };

    /// <summary>The Probability output of a raw in-process session run.</summary>
    public static float[] RunInProcess(byte[] onnx, Dictionary<string, Array> columns)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(onnx, options);
        var names = columns.Keys.ToArray();
        var values = columns.Values.Select(v => v is float[] f
            ? OrtValue.CreateTensorValueFromMemory(f, [f.Length, 1])
            : OrtValue.CreateFromStringTensor(new DenseTensor<string>((string[])v, [v.Length, 1]))).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, names, values, ["Probability.output"]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
