using System.Text.Json.Serialization;

namespace Keel.Serving.Protocol;

/// <summary>The v2 model metadata: a model's loaded versions, platform and tensors.</summary>
public sealed record ModelMetadata
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("versions")]
    public required IReadOnlyList<string> Versions { get; init; }

    [JsonPropertyName("platform")]
    public string Platform { get; init; } = "onnxruntime";

    [JsonPropertyName("inputs")]
    public required IReadOnlyList<TensorMetadata> Inputs { get; init; }

    [JsonPropertyName("outputs")]
    public required IReadOnlyList<TensorMetadata> Outputs { get; init; }
}

/// <summary>A tensor's name, v2 datatype and shape (-1 for a dimension of any size).</summary>
public sealed record TensorMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);

/// <summary>The v2 server metadata, with the execution provider the models run on.</summary>
public sealed record ServerMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("extensions")] IReadOnlyList<string> Extensions,
    [property: JsonPropertyName("execution_provider")] string ExecutionProvider);

/// <summary>The protocol's error body.</summary>
public sealed record InferenceError([property: JsonPropertyName("error")] string Error);
