using System.Globalization;
using System.Text.Json;
using Keel.Serving.Runtime;

namespace Keel.Serving.Protocol;

/// <summary>
/// Checks a request's input tensors against the model and turns their JSON data into typed,
/// row-major arrays. Every refusal names the input and what was wrong with it.
/// </summary>
internal static class TensorReader
{
    /// <summary>The request's inputs in the model's input order, and the rows they hold.</summary>
    public static (Array[] Inputs, long[][] Shapes, int Rows) Read(InferenceRequest request, ModelSignature signature)
    {
        if (request.Inputs is not { Count: > 0 } given)
        {
            throw new InferenceValidationException("The request has no inputs; the model takes " + signature.InputNames + ".");
        }
        var byName = new Dictionary<string, RequestInput>(StringComparer.Ordinal);
        foreach (var input in given)
        {
            if (string.IsNullOrEmpty(input.Name))
            {
                throw new InferenceValidationException("An input has no name.");
            }
            if (signature.Input(input.Name) is null)
            {
                throw new InferenceValidationException($"The model has no input '{input.Name}'; its inputs are {signature.InputNames}.");
            }
            if (!byName.TryAdd(input.Name, input))
            {
                throw new InferenceValidationException($"The input '{input.Name}' is given twice.");
            }
        }
        var arrays = new Array[signature.Inputs.Count];
        var shapes = new long[signature.Inputs.Count][];
        var rows = -1;
        for (var i = 0; i < signature.Inputs.Count; i++)
        {
            var spec = signature.Inputs[i];
            if (!byName.TryGetValue(spec.Name, out var input))
            {
                throw new InferenceValidationException($"The input '{spec.Name}' is missing; the model takes {signature.InputNames}.");
            }
            shapes[i] = CheckShape(input, spec);
            arrays[i] = ReadData(input, spec, Count(shapes[i]));
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

    private static long[] CheckShape(RequestInput input, TensorSpec spec)
    {
        if (input.Datatype is null || !string.Equals(input.Datatype, spec.Datatype, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceValidationException($"The input '{spec.Name}' has datatype {input.Datatype ?? "(none)"}, but the model takes {spec.Datatype}.");
        }
        var shape = input.Shape ?? throw new InferenceValidationException($"The input '{spec.Name}' has no shape; the model takes {spec.ShapeText}.");
        var fits = shape.Length == spec.Shape.Count && shape.All(d => d >= 0);
        for (var d = 0; fits && d < shape.Length; d++)
        {
            fits = spec.Shape[d] < 0 || spec.Shape[d] == shape[d];
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

    private static Array ReadData(RequestInput input, TensorSpec spec, long expected)
    {
        if (input.Data.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceValidationException($"The data of input '{spec.Name}' is not an array.");
        }
        if (ReadFlat(input.Data, spec, expected) is { } flat)
        {
            return flat;
        }
        var elements = new List<JsonElement>();
        Flatten(input.Data, elements, spec.Name, expected);
        if (elements.Count != expected)
        {
            throw new InferenceValidationException(
                $"The input '{spec.Name}' has {elements.Count} elements, but its shape [{string.Join(",", input.Shape!)}] needs {expected}.");
        }
        return spec.Datatype switch
        {
            DataTypes.Fp32 => Convert(elements, spec.Name, e => (float)Real(e, spec.Name)),
            DataTypes.Fp64 => Convert(elements, spec.Name, e => Real(e, spec.Name)),
            DataTypes.Int64 => Convert(elements, spec.Name, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw NotA("an INT64", e, spec.Name)),
            DataTypes.Int32 => Convert(elements, spec.Name, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw NotA("an INT32", e, spec.Name)),
            DataTypes.Bool => Convert(elements, spec.Name, e => e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw NotA("a BOOL", e, spec.Name),
            }),
            DataTypes.Bytes => Convert(elements, spec.Name, e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw NotA("a string (BYTES)", e, spec.Name)),
            _ => throw new InferenceValidationException($"The model input '{spec.Name}' is {spec.Datatype}, which Keel cannot feed."),
        };
    }

    /// <summary>
    /// The common case without the intermediate list: a flat array of as many elements as the
    /// shape needs, of numbers and nulls, read straight into a float array. Null (read it the
    /// general way) for anything else, so every refusal and oddity stays the general path's.
    /// </summary>
    private static Array? ReadFlat(JsonElement data, TensorSpec spec, long expected)
    {
        if (data.GetArrayLength() != expected || spec.Datatype != DataTypes.Fp32)
        {
            return null;
        }
        var values = new float[expected];
        var i = 0;
        foreach (var element in data.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Number:
                    values[i++] = (float)element.GetDouble();
                    break;
                case JsonValueKind.Null:
                    values[i++] = float.NaN;
                    break;
                default:
                    return null;
            }
        }
        return values;
    }

    /// <summary>Nested arrays are read in row-major order; the walk stops early once there are more elements than the shape allows.</summary>
    private static void Flatten(JsonElement array, List<JsonElement> into, string name, long expected)
    {
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                Flatten(element, into, name, expected);
            }
            else
            {
                into.Add(element);
            }
            if (into.Count > expected)
            {
                return;
            }
        }
    }

    private static T[] Convert<T>(List<JsonElement> elements, string name, Func<JsonElement, T> read)
    {
        var values = new T[elements.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(elements[i]);
        }
        return values;
    }

    /// <summary>JSON has no NaN, so null stands for a missing value — what Keel models expect for one.</summary>
    private static double Real(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String when element.GetString() is "NaN" or "nan" => double.NaN,
        _ => throw NotA("a number", element, name),
    };

    private static InferenceValidationException NotA(string what, JsonElement element, string name)
    {
        var text = element.GetRawText();
        return new InferenceValidationException(
            $"The input '{name}' has the element {(text.Length > 40 ? text[..40] + "…" : text)}, which is not {what}.");
    }

    internal static string Describe(IEnumerable<long> shape) => "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
