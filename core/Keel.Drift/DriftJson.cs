using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Drift;

/// <summary>How profiles and reports are written as JSON, so they can be stored as artifacts and read back.</summary>
public static class DriftJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A chi-squared statistic is infinite when the current data has a category the reference never had.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Category names and findings must stay readable in the stored file; the JSON is never inlined into a page.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The same without indentation, for profiles: machine artifacts whose sketches hold hundreds of numbers.</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };
}
