using System.Globalization;
using Keel.Serving.Runtime;

namespace Keel.Serving.Protocol;

/// <summary>
/// Checks a request's input tensors against the model and hands over their typed, row-major
/// arrays. Every refusal names the input and what was wrong with it; the checks run in the order
/// they always have, so the same request gets the same error whatever order its JSON was in.
/// </summary>
internal static class TensorReader
{
    /// <summary>The request's inputs in the model's input order, and the rows they hold.</summary>
    public static (Array[] Inputs, long[][] Shapes, int Rows) Read(ParsedRequest request, IReadOnlyList<TensorSpec> specs)
    {
        if (request.InputCount == 0)
        {
            throw new InferenceValidationException("The request has no inputs; the model takes " + Names(specs) + ".");
        }
        // Where each model input is among the request's, plus one (so that zero is "not given").
        Span<int> given = specs.Count <= 256 ? stackalloc int[specs.Count] : new int[specs.Count];
        given.Clear();
        for (var k = 0; k < request.InputCount; k++)
        {
            ref var input = ref request.Inputs[k];
            if (string.IsNullOrEmpty(input.Name))
            {
                throw new InferenceValidationException("An input has no name.");
            }
            if (input.Spec < 0)
            {
                throw new InferenceValidationException($"The model has no input '{input.Name}'; its inputs are {Names(specs)}.");
            }
            if (given[input.Spec] != 0)
            {
                throw new InferenceValidationException($"The input '{input.Name}' is given twice.");
            }
            given[input.Spec] = k + 1;
        }
        var arrays = new Array[specs.Count];
        var shapes = new long[specs.Count][];
        var rows = -1;
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (given[i] == 0)
            {
                throw new InferenceValidationException($"The input '{spec.Name}' is missing; the model takes {Names(specs)}.");
            }
            ref var input = ref request.Inputs[given[i] - 1];
            shapes[i] = CheckShape(input, spec);
            arrays[i] = Data(input, spec, Count(shapes[i]));
            var inputRows = shapes[i].Length == 0 ? 1 : (int)shapes[i][0];
            if (rows >= 0 && inputRows != rows)
            {
                throw new InferenceValidationException($"The inputs disagree on the number of rows: '{spec.Name}' has {inputRows}, the inputs before it {rows}.");
            }
            rows = inputRows;
        }
        if (rows == 0)
        {
            throw new InferenceValidationException("The inputs have no rows.");
        }
        return (arrays, shapes, rows);
    }

    private static long[] CheckShape(in RequestTensor input, TensorSpec spec)
    {
        if (input.Datatype is null || !string.Equals(input.Datatype, spec.Datatype, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceValidationException($"The input '{spec.Name}' has datatype {input.Datatype ?? "(none)"}, but the model takes {spec.Datatype}.");
        }
        var shape = input.Shape ?? throw new InferenceValidationException($"The input '{spec.Name}' has no shape; the model takes {spec.ShapeText}.");
        var fits = shape.Length == spec.Shape.Count;
        for (var d = 0; fits && d < shape.Length; d++)
        {
            fits = shape[d] >= 0 && (spec.Shape[d] < 0 || spec.Shape[d] == shape[d]);
        }
        if (!fits)
        {
            throw new InferenceValidationException($"The input '{spec.Name}' has shape [{string.Join(",", shape)}], but the model takes {spec.ShapeText}.");
        }
        return shape;
    }

    private static long Count(long[] shape)
    {
        try
        {
            var product = 1L;
            foreach (var d in shape)
            {
                product = checked(product * d);
            }
            return product;
        }
        catch (OverflowException)
        {
            throw new InferenceValidationException($"The shape [{string.Join(",", shape)}] has more elements than a tensor can hold.");
        }
    }

    private static Array Data(in RequestTensor input, TensorSpec spec, long expected)
    {
        var data = input.Data;
        if (!data.IsArray)
        {
            throw new InferenceValidationException($"The data of input '{spec.Name}' is not an array.");
        }
        if (data.Count != expected)
        {
            // Counting always stopped one past the shape, and the error has always said so.
            var seen = data.Count > expected ? expected + 1 : data.Count;
            throw new InferenceValidationException(
                $"The input '{spec.Name}' has {seen} elements, but its shape [{string.Join(",", input.Shape!)}] needs {expected}.");
        }
        if (data.Error is not null)
        {
            throw new InferenceValidationException(data.Error);
        }
        var values = data.Values!;
        if (values.Length != data.Count)
        {
            var exact = Array.CreateInstance(spec.ElementType, data.Count);
            Array.Copy(values, exact, data.Count);
            values = exact;
        }
        return values;
    }

    private static string Names(IReadOnlyList<TensorSpec> specs) => string.Join(", ", specs.Select(i => "'" + i.Name + "'"));

    internal static string Describe(IEnumerable<long> shape) => "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
