using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Serving.Protocol;

/// <summary>An Open Inference Protocol (KServe v2) inference response.</summary>
public sealed record InferenceResponse
{
    [JsonPropertyName("model_name")]
    public required string ModelName { get; init; }

    [JsonPropertyName("model_version")]
    public required string ModelVersion { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, JsonElement>? Parameters { get; init; }

    [JsonPropertyName("outputs")]
    public required IReadOnlyList<ResponseOutput> Outputs { get; init; }
}

/// <summary>One output tensor, its data flat in row-major order (float[], long[], bool[], string[]…).</summary>
public sealed record ResponseOutput
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("shape")]
    public required long[] Shape { get; init; }

    [JsonPropertyName("datatype")]
    public required string Datatype { get; init; }

    [JsonPropertyName("data")]
    [JsonConverter(typeof(TensorDataConverter))]
    public required Array Data { get; init; }
}

/// <summary>
/// Writes tensor data as the typed array it is (float[] as numbers, not boxed objects one by
/// one); reading needs the datatype, so a response is read back through <see cref="JsonElement"/>.
/// </summary>
internal sealed class TensorDataConverter : JsonConverter<Array>
{
    public override Array Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Tensor data is read with its datatype; parse the response as a JsonDocument.");

    public override void Write(Utf8JsonWriter writer, Array value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
