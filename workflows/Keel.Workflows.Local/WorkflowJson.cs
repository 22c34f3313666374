using System.Text.Json;

namespace Keel.Workflows.Local;

/// <summary>
/// How inputs, outputs, event payloads and custom status are written: the options of Dapr's own
/// serializer (web defaults with fields included), so a payload reads the same on both runtimes.
/// </summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    /// <summary>JSON of a value by its runtime type; <c>null</c> stays <c>null</c>.</summary>
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) =>
        string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>
    /// Reads a value of <paramref name="type"/>; a missing value of a value type becomes its default
    /// rather than <c>null</c>, because the SDK's base classes cast the input unchecked.
    /// </summary>
    public static object? Deserialize(string? json, Type type)
    {
        if (!string.IsNullOrEmpty(json))
        {
            return JsonSerializer.Deserialize(json, type, Options);
        }

        return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
    }
}
