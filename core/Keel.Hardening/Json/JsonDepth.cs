using System.Buffers;
using System.Text.Json;

namespace Keel.Hardening.Json;

/// <summary>
/// The nesting limit for code that reads JSON itself (<see cref="Utf8JsonReader"/>,
/// <see cref="JsonDocument"/>) rather than through the serializer options: the same limit, and a
/// check that tells "too deep" apart from "malformed" so the answer can say which.
/// Depth counts containers: <c>{"a":[1]}</c> is 2 deep, as <see cref="JsonSerializerOptions.MaxDepth"/> counts.
/// </summary>
public static class JsonDepth
{
    public static JsonReaderOptions ReaderOptions(int maxDepth) => new() { MaxDepth = Require(maxDepth) };

    public static JsonDocumentOptions DocumentOptions(int maxDepth) => new() { MaxDepth = Require(maxDepth) };

    /// <summary>
    /// False when some object or array nests deeper than <paramref name="maxDepth"/>. Malformed
    /// JSON that is not too deep counts as within the limit: the parser that reads it reports it.
    /// </summary>
    public static bool IsWithin(ReadOnlySpan<byte> utf8Json, int maxDepth) =>
        IsWithin(new Utf8JsonReader(utf8Json, Lenient(maxDepth)), maxDepth);

    public static bool IsWithin(ReadOnlySequence<byte> utf8Json, int maxDepth) =>
        IsWithin(new Utf8JsonReader(utf8Json, Lenient(maxDepth)), maxDepth);

    private static bool IsWithin(Utf8JsonReader reader, int maxDepth)
    {
        try
        {
            while (reader.Read())
            {
                // At a container's start, CurrentDepth counts the containers around it.
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth + 1 > maxDepth)
                {
                    return false;
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    // One level of headroom, so the reader lets this check see the first container too deep
    // instead of throwing at it like any other malformed input.
    private static JsonReaderOptions Lenient(int maxDepth) => new()
    {
        MaxDepth = Require(maxDepth) + 1,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static int Require(int maxDepth) =>
        maxDepth is > 0 and < 1024 ? maxDepth : throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "A JSON depth limit is 1 to 1023.");
}
