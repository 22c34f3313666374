using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Functions.Http;

/// <summary>The JSON shape of Keel's HTTP API: camelCase, enums as strings, nulls kept (a null feature value is information).</summary>
public static class KeelJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.Strict,
    };
}
