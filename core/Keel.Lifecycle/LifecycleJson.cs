using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Lifecycle;

/// <summary>
/// How the life cycle writes its JSON artifacts (dataset manifests, evaluation bundles, champion
/// comparisons): web naming, enums as words, and NaN written rather than refused, since a metric
/// or a protected attribute's value may honestly be undefined.
/// </summary>
public static class LifecycleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
