using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Serving.Protocol;

/// <summary>
/// JSON settings of the inference protocol. Named floating-point literals are allowed because a
/// model can output NaN and a response must still be written; property names come from the
/// protocol's own snake_case attributes.
/// </summary>
public static class InferenceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
