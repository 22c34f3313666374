using System.Text.Json;
using Keel.Storage;

namespace Keel.ModelRegistry;

/// <summary>
/// The stored JSON of lineage, metrics and tags: snake_case names, keys sorted, so the same
/// content is always the same text and the same hash.
/// </summary>
internal static class RegistryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Write<T>(T value) => ContentHash.Canonical(JsonSerializer.SerializeToNode(value, Options));

    public static T Read<T>(string json, string what) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"The stored {what} is null.");

    /// <summary>The hash by which a retried registration is recognised as the same lineage.</summary>
    public static string Hash(Lineage lineage) => ContentHash.Of(Write(lineage));
}
