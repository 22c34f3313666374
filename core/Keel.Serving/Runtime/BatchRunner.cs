using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Keel.Serving.Runtime;

/// <summary>
/// Runs a batch of requests as one session run: each input's rows are concatenated along the
/// first dimension, and each output is split back into the rows of the request that sent them.
/// </summary>
internal static class BatchRunner
{
    public static TensorResult[][] Run(InferenceSession session, ModelSignature signature, IReadOnlyList<PendingInference> batch)
    {
        var total = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            total += batch[r].Rows;
        }
        var values = new OrtValue[signature.Inputs.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                var (data, shape) = batch.Count == 1 ? (batch[0].Inputs[i], batch[0].Shapes[i]) : Concatenate(batch, i, signature.Inputs[i], total);
                values[i] = Create(data, shape);
            }
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, signature.InputNameArray, values, signature.OutputNameArray);
            var split = new TensorResult[batch.Count][];
            for (var r = 0; r < split.Length; r++)
            {
                split[r] = new TensorResult[signature.Outputs.Count];
            }
            for (var o = 0; o < signature.Outputs.Count; o++)
            {
                var spec = signature.Outputs[o];
                var shape = results[o].GetTensorTypeAndShape().Shape;
                var data = Read(results[o], spec.ElementType);
                if (batch.Count == 1)
                {
                    split[0][o] = new TensorResult(spec, shape, data);
                    continue;
                }
                if (shape.Length == 0 || shape[0] != total)
                {
                    throw new InvalidOperationException($"The output '{spec.Name}' has {(shape.Length == 0 ? 0 : shape[0])} rows for a batch of {total}.");
                }
                var perRow = data.Length / total;
                var offset = 0;
                for (var r = 0; r < batch.Count; r++)
                {
                    var part = Array.CreateInstance(spec.ElementType, batch[r].Rows * perRow);
                    Array.Copy(data, offset, part, 0, part.Length);
                    offset += part.Length;
                    split[r][o] = new TensorResult(spec, [batch[r].Rows, .. shape[1..]], part);
                }
            }
            return split;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    /// <summary>A default-valued input of one row per free dimension, for warming a session up.</summary>
    public static PendingInference Warmup(ModelSignature signature)
    {
        var shapes = signature.Inputs.Select(i => i.Shape.Select(d => d < 0 ? 1L : d).ToArray()).ToArray();
        var inputs = signature.Inputs.Select((input, i) =>
        {
            var data = Array.CreateInstance(input.ElementType, shapes[i].Aggregate(1L, (a, d) => a * d));
            if (data is string[] strings)
            {
                Array.Fill(strings, "");
            }
            return data;
        }).ToArray();
        return new PendingInference(inputs, shapes, shapes.Length > 0 && shapes[0].Length > 0 ? (int)shapes[0][0] : 1, CancellationToken.None);
    }

    private static (Array Data, long[] Shape) Concatenate(IReadOnlyList<PendingInference> batch, int input, TensorSpec spec, int total)
    {
        var length = batch.Sum(p => p.Inputs[input].Length);
        var data = Array.CreateInstance(spec.ElementType, length);
        var offset = 0;
        foreach (var pending in batch)
        {
            Array.Copy(pending.Inputs[input], 0, data, offset, pending.Inputs[input].Length);
            offset += pending.Inputs[input].Length;
        }
        return (data, [total, .. batch[0].Shapes[input][1..]]);
    }

    private static OrtValue Create(Array data, long[] shape) => data switch
    {
        float[] values => OrtValue.CreateTensorValueFromMemory(values, shape),
        double[] values => OrtValue.CreateTensorValueFromMemory(values, shape),
        long[] values => OrtValue.CreateTensorValueFromMemory(values, shape),
        int[] values => OrtValue.CreateTensorValueFromMemory(values, shape),
        bool[] values => OrtValue.CreateTensorValueFromMemory(values, shape),
        string[] values => OrtValue.CreateFromStringTensor(new DenseTensor<string>(values, shape.Select(d => checked((int)d)).ToArray())),
        _ => throw new NotSupportedException($"Keel cannot feed {data.GetType().Name} to ONNX Runtime."),
    };

    private static Array Read(OrtValue value, Type elementType) =>
        elementType == typeof(float) ? value.GetTensorDataAsSpan<float>().ToArray()
        : elementType == typeof(double) ? value.GetTensorDataAsSpan<double>().ToArray()
        : elementType == typeof(long) ? value.GetTensorDataAsSpan<long>().ToArray()
        : elementType == typeof(int) ? value.GetTensorDataAsSpan<int>().ToArray()
        : elementType == typeof(bool) ? value.GetTensorDataAsSpan<bool>().ToArray()
        : elementType == typeof(string) ? value.GetStringTensorAsArray()
        : throw new NotSupportedException($"Keel cannot read {elementType.Name} outputs.");
}
