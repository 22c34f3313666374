using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Gates;

/// <summary>How gate reports (and the documents built from them) are written as JSON.</summary>
public static class GateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A measured value can be infinite (a ratio over nothing); it must not make the report unwritable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Summaries use ≥, ≤, |Δ| and quotes and must stay readable in the stored file. The JSON is
        // never inlined into a page (the HTML is rendered from the objects and escaped there), so
        // escaping HTML-sensitive characters here would buy nothing.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
