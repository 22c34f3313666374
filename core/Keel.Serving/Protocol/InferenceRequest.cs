using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Serving.Protocol;

/// <summary>An Open Inference Protocol (KServe v2) inference request.</summary>
public sealed record InferenceRequest
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("parameters")]
    public Dictionary<string, JsonElement>? Parameters { get; init; }

    [JsonPropertyName("inputs")]
    public List<RequestInput>? Inputs { get; init; }

    /// <summary>The outputs wanted; all of the model's outputs when absent.</summary>
    [JsonPropertyName("outputs")]
    public List<RequestOutput>? Outputs { get; init; }
}

/// <summary>One input tensor: data is row-major, flat or nested to the shape.</summary>
public sealed record RequestInput
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("shape")]
    public long[]? Shape { get; init; }

    [JsonPropertyName("datatype")]
    public string? Datatype { get; init; }

    [JsonPropertyName("parameters")]
    public Dictionary<string, JsonElement>? Parameters { get; init; }

    // Left out when unset, so that a request built in code without data still serialises and is refused as before.
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Data { get; init; }
}

public sealed record RequestOutput
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("parameters")]
    public Dictionary<string, JsonElement>? Parameters { get; init; }
}
