using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Audit;

/// <summary>
/// The one text an entry's details are stored and hashed as: members sorted by ordinal key at every
/// level, arrays in order, no whitespace, strings and numbers as System.Text.Json writes them.
/// Two callers passing the same object get the same bytes, so the same entry gets the same hash.
/// </summary>
public static class CanonicalJson
{
    public const int MaxBytes = 64 * 1024;

    public static string Serialize(JsonObject? details)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, details ?? []);
        }
        if (buffer.WrittenCount > MaxBytes)
        {
            throw new ArgumentException($"details: at most {MaxBytes} bytes as JSON", nameof(details));
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(member => member.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
