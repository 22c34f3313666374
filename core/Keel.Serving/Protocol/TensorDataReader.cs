using System.Text;
using System.Text.Json;

namespace Keel.Serving.Protocol;

/// <summary>
/// Reads an input's <c>data</c> array, flat or nested, straight into the element type the model
/// takes. It never refuses: it counts every element and remembers the first that is not of the
/// type, because a wrong element count must win over a wrong element, as it always has.
/// </summary>
internal static class TensorDataReader
{
    /// <summary>Reads from the <c>[</c> the reader is on to its matching <c>]</c>; <paramref name="source"/> is the reader's input, for quoting a bad element.</summary>
    public static TensorData Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, string name, string datatype, int capacity) => datatype switch
    {
        DataTypes.Fp32 => Read<float, Fp32>(ref reader, source, name, capacity),
        DataTypes.Fp64 => Read<double, Fp64>(ref reader, source, name, capacity),
        DataTypes.Int64 => Read<long, Int64>(ref reader, source, name, capacity),
        DataTypes.Int32 => Read<int, Int32>(ref reader, source, name, capacity),
        DataTypes.Bool => Read<bool, Bool>(ref reader, source, name, capacity),
        DataTypes.Bytes => Read<string, Bytes>(ref reader, source, name, capacity),
        _ => throw new InferenceValidationException($"The model input '{name}' is {datatype}, which Keel cannot feed."),
    };

    private static TensorData Read<T, TElement>(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, string name, int capacity)
        where TElement : IElement<T>
    {
        var values = new T[capacity];
        var count = 0;
        string? error = null;
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    continue;
                case JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return new TensorData(true, values, count, error);
                case JsonTokenType.EndArray:
                    continue;
                default:
                    if (error is not null)
                    {
                        reader.Skip();
                    }
                    else if (reader.TokenType != JsonTokenType.StartObject && TElement.TryRead(ref reader, out var value))
                    {
                        if (count == values.Length)
                        {
                            Array.Resize(ref values, Math.Max(16, count * 2));
                        }
                        values[count] = value;
                    }
                    else
                    {
                        error = NotA(TElement.What, Raw(ref reader, source), name);
                    }
                    count++;
                    break;
            }
        }
        throw new JsonException($"The data of input '{name}' ends early.");
    }

    /// <summary>The element as it was written (what <c>JsonElement.GetRawText</c> gave), leaving the reader at its end.</summary>
    private static string Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        var start = (int)reader.TokenStartIndex;
        int end;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            reader.Skip();
            end = (int)reader.BytesConsumed;
        }
        else
        {
            // A string's value leaves out its quotes; the rest are their own text.
            end = start + reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
        }
        return Encoding.UTF8.GetString(source[start..end]);
    }

    private static string NotA(string what, string text, string name) =>
        $"The input '{name}' has the element {(text.Length > 40 ? text[..40] + "…" : text)}, which is not {what}.";

    private interface IElement<T>
    {
        static abstract string What { get; }

        static abstract bool TryRead(ref Utf8JsonReader reader, out T value);
    }

    /// <summary>JSON has no NaN, so null stands for a missing value — what Keel models expect for one.</summary>
    private static bool TryReal(ref Utf8JsonReader reader, out double value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // A number beyond double's range reads as an infinity, as it always has.
                return reader.TryGetDouble(out value);
            case JsonTokenType.Null:
            case JsonTokenType.String when reader.ValueTextEquals("NaN"u8) || reader.ValueTextEquals("nan"u8):
                value = double.NaN;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    private readonly struct Fp32 : IElement<float>
    {
        public static string What => "a number";

        // Through double, as the values were always read, so a float rounds the same way as before.
        public static bool TryRead(ref Utf8JsonReader reader, out float value)
        {
            var read = TryReal(ref reader, out var real);
            value = (float)real;
            return read;
        }
    }

    private readonly struct Fp64 : IElement<double>
    {
        public static string What => "a number";

        public static bool TryRead(ref Utf8JsonReader reader, out double value) => TryReal(ref reader, out value);
    }

    private readonly struct Int64 : IElement<long>
    {
        public static string What => "an INT64";

        public static bool TryRead(ref Utf8JsonReader reader, out long value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
        }
    }

    private readonly struct Int32 : IElement<int>
    {
        public static string What => "an INT32";

        public static bool TryRead(ref Utf8JsonReader reader, out int value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
        }
    }

    private readonly struct Bool : IElement<bool>
    {
        public static string What => "a BOOL";

        public static bool TryRead(ref Utf8JsonReader reader, out bool value)
        {
            value = reader.TokenType == JsonTokenType.True;
            return value || reader.TokenType == JsonTokenType.False;
        }
    }

    private readonly struct Bytes : IElement<string>
    {
        public static string What => "a string (BYTES)";

        public static bool TryRead(ref Utf8JsonReader reader, out string value)
        {
            value = reader.TokenType == JsonTokenType.String ? reader.GetString()! : "";
            return reader.TokenType == JsonTokenType.String;
        }
    }
}
