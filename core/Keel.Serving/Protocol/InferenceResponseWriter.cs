using System.Text.Json;

namespace Keel.Serving.Protocol;

/// <summary>
/// Writes an <see cref="InferenceResponse"/> as the serializer did with
/// <see cref="InferenceJson.Options"/> — same properties, order and number text, NaN and the
/// infinities as strings — but element by element from the typed arrays, without reflection.
/// </summary>
public static class InferenceResponseWriter
{
    public static void Write(Utf8JsonWriter writer, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, response.ModelName);
        writer.WriteString("model_version"u8, response.ModelVersion);
        writer.WriteString("id"u8, response.Id);
        if (response.Parameters is not null)
        {
            writer.WritePropertyName("parameters"u8);
            JsonSerializer.Serialize(writer, response.Parameters, InferenceJson.Options);
        }
        writer.WriteStartArray("outputs"u8);
        foreach (var output in response.Outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, output.Name);
            writer.WriteStartArray("shape"u8);
            foreach (var d in output.Shape)
            {
                writer.WriteNumberValue(d);
            }
            writer.WriteEndArray();
            writer.WriteString("datatype"u8, output.Datatype);
            writer.WritePropertyName("data"u8);
            WriteData(writer, output.Data);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, Array data)
    {
        switch (data)
        {
            case float[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    if (float.IsFinite(v))
                    {
                        writer.WriteNumberValue(v);
                    }
                    else
                    {
                        writer.WriteStringValue(Named(v));
                    }
                }
                writer.WriteEndArray();
                break;
            case double[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    if (double.IsFinite(v))
                    {
                        writer.WriteNumberValue(v);
                    }
                    else
                    {
                        writer.WriteStringValue(Named(v));
                    }
                }
                writer.WriteEndArray();
                break;
            case long[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    writer.WriteNumberValue(v);
                }
                writer.WriteEndArray();
                break;
            case int[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    writer.WriteNumberValue(v);
                }
                writer.WriteEndArray();
                break;
            case bool[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    writer.WriteBooleanValue(v);
                }
                writer.WriteEndArray();
                break;
            case string?[] values:
                writer.WriteStartArray();
                foreach (var v in values)
                {
                    writer.WriteStringValue(v);
                }
                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, data, data.GetType(), InferenceJson.Options);
                break;
        }
    }

    /// <summary>The serializer's names for the values JSON numbers cannot hold.</summary>
    private static string Named(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
