using System.Text;
using System.Text.Json.Nodes;
using Keel.Storage;

namespace Keel.Audit;

/// <summary>
/// The one text an entry's details are stored and hashed as: members sorted by ordinal key at every
/// level, arrays in order, no whitespace, strings and numbers as System.Text.Json writes them.
/// Two callers passing the same object get the same bytes, so the same entry gets the same hash.
/// </summary>
public static class CanonicalJson
{
    public const int MaxBytes = 64 * 1024;

    public static string Serialize(JsonObject? details)
    {
        // The content hash's canonical form: one definition of "the same JSON" across Keel.
        var text = ContentHash.Canonical(details ?? []);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw new ArgumentException($"details: at most {MaxBytes} bytes as JSON", nameof(details));
        }
        return text;
    }
}
