using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Keel.Serving.Runtime;

namespace Keel.Serving.Protocol;

/// <summary>
/// Reads a v2 inference request body in one pass, each input's data straight into the element
/// type of the model input it names. It accepts what deserialising <see cref="InferenceRequest"/>
/// with <see cref="InferenceJson.Options"/> accepts — property names in any case, properties in
/// any order, the last of a repeated one winning, unknown ones skipped — and refuses what that
/// refuses, with that refusal's words.
/// </summary>
internal static class RequestReader
{
    private const string Invalid = "The body is not a valid inference request: ";

    private static readonly PropertyNames Root = new("id", "parameters", "inputs", "outputs");
    private static readonly PropertyNames Input = new("name", "shape", "datatype", "parameters", "data");
    private static readonly PropertyNames Output = new("name", "parameters");

    // A request names its inputs as UTF-8; comparing bytes spares a string per input.
    private static readonly ConditionalWeakTable<IReadOnlyList<TensorSpec>, byte[][]> Utf8Names = new();

    /// <summary>The request, or <see cref="InferenceValidationException"/> when the body is not one.</summary>
    public static ParsedRequest Read(ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> inputs)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                End(ref reader);
                throw new InferenceValidationException(Invalid + "it is empty or null.");
            }
            Expect(ref reader, JsonTokenType.StartObject);
            var request = new ParsedRequest();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = Root.Of(ref reader);
                reader.Read();
                switch (property)
                {
                    case 0:
                        request.Id = OptionalString(ref reader);
                        break;
                    case 1:
                        SkipObject(ref reader);
                        break;
                    case 2:
                        ReadInputs(ref reader, body, inputs, request);
                        break;
                    case 3:
                        request.Outputs = ReadOutputs(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            End(ref reader);
            return request;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InferenceValidationException(Refusal(body, ex));
        }
    }

    /// <summary>
    /// Refuses a body that is not a request. A body was always read before its model was looked
    /// up, so a model that is not loaded must not hide that the body is wrong.
    /// </summary>
    public static void ThrowIfMalformed(ReadOnlySpan<byte> body) => Read(body, []);

    /// <summary>
    /// The words of the refusal the serializer gives this body, which is how it has always been
    /// refused; only a body the serializer takes (data that is not text at all) gets the reader's.
    /// </summary>
    private static string Refusal(ReadOnlySpan<byte> body, Exception ex)
    {
        try
        {
            return Invalid + (JsonSerializer.Deserialize<InferenceRequest>(body, InferenceJson.Options) is null ? "it is empty or null." : ex.Message);
        }
        catch (JsonException serializer)
        {
            return Invalid + serializer.Message;
        }
    }

    private static void ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> specs, ParsedRequest request)
    {
        request.InputCount = 0;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        Expect(ref reader, JsonTokenType.StartArray);
        var names = Utf8Names.GetValue(specs, static s => s.Select(t => Encoding.UTF8.GetBytes(t.Name)).ToArray());
        var inputs = request.Inputs.Length > 0 ? request.Inputs : new RequestTensor[Math.Max(1, specs.Count)];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == inputs.Length)
            {
                Array.Resize(ref inputs, count * 2);
            }
            ref var input = ref inputs[count];
            input = new RequestTensor { Spec = -1 };
            // A null entry is an input without a name.
            if (reader.TokenType != JsonTokenType.Null)
            {
                Expect(ref reader, JsonTokenType.StartObject);
                ReadInput(ref reader, body, specs, names, count, ref input);
            }
            count++;
        }
        request.Inputs = inputs;
        request.InputCount = count;
    }

    private static void ReadInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> specs, byte[][] names, int position, ref RequestTensor input)
    {
        // Where the data is, and the model input it was read for: a name given after the data
        // (or given again) means reading it again, from these bytes.
        int dataStart = -1, dataEnd = -1, readFor = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Input.Of(ref reader);
            reader.Read();
            switch (property)
            {
                case 0:
                    (input.Name, input.Spec) = ReadName(ref reader, specs, names, position);
                    break;
                case 1:
                    input.Shape = ReadShape(ref reader);
                    break;
                case 2:
                    input.Datatype = ReadDatatype(ref reader);
                    break;
                case 3:
                    SkipObject(ref reader);
                    break;
                case 4:
                    dataStart = (int)reader.TokenStartIndex;
                    readFor = reader.TokenType == JsonTokenType.StartArray ? input.Spec : -1;
                    if (readFor >= 0)
                    {
                        input.Data = TensorDataReader.Read(ref reader, body, specs[readFor].Name, specs[readFor].Datatype, Capacity(input.Shape, body.Length - dataStart));
                    }
                    else
                    {
                        input.Data = TensorData.NotArray with { IsArray = reader.TokenType == JsonTokenType.StartArray };
                        reader.Skip();
                    }
                    dataEnd = (int)reader.BytesConsumed;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (input.Data.IsArray && input.Spec >= 0 && readFor != input.Spec)
        {
            var data = body[dataStart..dataEnd];
            var again = new Utf8JsonReader(data);
            again.Read();
            var spec = specs[input.Spec];
            input.Data = TensorDataReader.Read(ref again, data, spec.Name, spec.Datatype, Capacity(input.Shape, data.Length));
        }
    }

    /// <summary>The name, and the model input it gives: tried first at the input's own position, the order most clients send.</summary>
    private static (string? Name, int Spec) ReadName(ref Utf8JsonReader reader, IReadOnlyList<TensorSpec> specs, byte[][] names, int position)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return (null, -1);
        }
        Expect(ref reader, JsonTokenType.String);
        if (!reader.ValueIsEscaped)
        {
            var value = reader.ValueSpan;
            if (position < names.Length && value.SequenceEqual(names[position]))
            {
                return (specs[position].Name, position);
            }
            for (var i = 0; i < names.Length; i++)
            {
                if (value.SequenceEqual(names[i]))
                {
                    return (specs[i].Name, i);
                }
            }
        }
        var name = reader.GetString()!;
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i].Name == name)
            {
                return (specs[i].Name, i);
            }
        }
        return (name, -1);
    }

    /// <summary>
    /// Room for the elements the shape says, but no more than the bytes left could hold (two a
    /// number at the least), so a shape that promises billions costs nothing.
    /// </summary>
    private static int Capacity(long[]? shape, int bytesLeft)
    {
        if (shape is null)
        {
            return 16;
        }
        var count = 1L;
        var most = bytesLeft / 2 + 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return 16;
            }
            count = Math.Min(count * Math.Min(d, most), most);
        }
        return (int)count;
    }

    private static long[]? ReadShape(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartArray);
        // Counted on a copy of the reader, so the shape is one array of the right length.
        var probe = reader;
        var length = 0;
        while (probe.Read() && probe.TokenType != JsonTokenType.EndArray)
        {
            probe.Skip();
            length++;
        }
        var shape = new long[length];
        for (var i = 0; i < shape.Length; i++)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out shape[i]))
            {
                throw new JsonException("A shape holds something other than whole numbers.");
            }
        }
        reader.Read();
        return shape;
    }

    /// <summary>The datatype as given (it is quoted back in errors); the ones Keel serves as their shared strings.</summary>
    private static string? ReadDatatype(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var known in KnownDatatypes)
            {
                if (reader.ValueTextEquals(known.Utf8))
                {
                    return known.Name;
                }
            }
        }
        return OptionalString(ref reader);
    }

    private static readonly (byte[] Utf8, string Name)[] KnownDatatypes =
        [.. new[] { DataTypes.Fp32, DataTypes.Bytes, DataTypes.Fp64, DataTypes.Int64, DataTypes.Int32, DataTypes.Bool }.Select(d => (Encoding.UTF8.GetBytes(d), d))];

    private static List<string?>? ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartArray);
        var outputs = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? name = null;
            // A null entry is an output without a name.
            if (reader.TokenType != JsonTokenType.Null)
            {
                Expect(ref reader, JsonTokenType.StartObject);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var property = Output.Of(ref reader);
                    reader.Read();
                    switch (property)
                    {
                        case 0:
                            name = OptionalString(ref reader);
                            break;
                        case 1:
                            SkipObject(ref reader);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
            outputs.Add(name);
        }
        return outputs;
    }

    private static string? OptionalString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString();
    }

    /// <summary>Parameters are not used, but must be what the protocol says: an object, or null.</summary>
    private static void SkipObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Null)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            reader.Skip();
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} at byte {reader.TokenStartIndex}, found {reader.TokenType}.");
        }
    }

    /// <summary>Nothing but white space may follow the request.</summary>
    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Something follows the request.");
        }
    }

    /// <summary>Property names as the serializer's web defaults match them: exactly, or else ignoring case.</summary>
    private sealed class PropertyNames(params string[] names)
    {
        private readonly byte[][] _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];

        /// <summary>The index of the property the reader is on, -1 for one the protocol does not have.</summary>
        public int Of(ref Utf8JsonReader reader)
        {
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (reader.ValueTextEquals(_utf8[i]))
                {
                    return i;
                }
            }
            var name = reader.GetString();
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(name, names[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
