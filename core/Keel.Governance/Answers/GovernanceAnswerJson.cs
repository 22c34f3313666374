using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Governance;

/// <summary>The governance answer as JSON, in the web conventions of Keel's HTTP APIs (camelCase, enums by name).</summary>
public static class GovernanceAnswerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Serialize(GovernanceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return JsonSerializer.Serialize(answer, Options);
    }
}
