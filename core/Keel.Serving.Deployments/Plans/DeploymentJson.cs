using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

/// <summary>How plans and canary recommendations are written as JSON: camelCase, as the HTTP API shows them.</summary>
public static class DeploymentJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A latency ratio over a zero baseline is infinite; it must not make a recommendation unwritable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
