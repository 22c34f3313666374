using System.Globalization;
using System.Text.Json;
using Keel.Events;

namespace Keel.Audit;

/// <summary>
/// The lines of an export, one JSON object each, told apart by <c>kind</c>. Reading is strict: a
/// property the format does not have, or has twice, makes the line unreadable rather than ignored,
/// since nothing outside the hashed fields is covered by the chain.
/// </summary>
internal static class AuditJsonLines
{
    public const string Header = "header";
    public const string Checkpoint = "checkpoint";
    public const string Entry = "entry";
    public const string Sealed = "sealed";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static void WriteHeader(Utf8JsonWriter writer, AuditExportHeader header)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Header);
        writer.WriteString("format", header.Format);
        if (header.Tenant is null)
        {
            writer.WriteNull("tenant");
        }
        else
        {
            writer.WriteString("tenant", header.Tenant);
        }
        writer.WriteString("exported_at", Time(header.ExportedAt));
        WriteNumber(writer, "first_sequence", header.FirstSequence);
        WriteNumber(writer, "last_sequence", header.LastSequence);
        writer.WriteStartArray("public_keys");
        foreach (var key in header.PublicKeys)
        {
            writer.WriteStartObject();
            writer.WriteString("key_id", key.KeyId);
            writer.WriteString("public_key", key.Pem);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteCheckpoint(Utf8JsonWriter writer, AuditCheckpoint checkpoint)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Checkpoint);
        writer.WriteNumber("sequence", checkpoint.Sequence);
        writer.WriteString("hash", checkpoint.EntryHash);
        writer.WriteString("time", Time(checkpoint.Time));
        writer.WriteString("key_id", checkpoint.KeyId);
        writer.WriteString("signature", checkpoint.Signature);
        writer.WriteEndObject();
    }

    public static void WriteEntry(Utf8JsonWriter writer, AuditEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Entry);
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("time", Time(entry.Time));
        writer.WriteString("tenant", entry.Tenant);
        writer.WriteString("actor", entry.Actor);
        writer.WriteString("action", entry.Action);
        writer.WriteString("target", entry.Target);
        writer.WritePropertyName("details");
        try
        {
            // Verbatim: the hash covers these exact bytes.
            writer.WriteRawValue(entry.Details);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"entry {entry.Sequence}'s details are not JSON; verify the log", error);
        }
        writer.WriteString("salt", entry.Salt);
        writer.WriteString("previous_hash", entry.PreviousHash);
        writer.WriteString("hash", entry.Hash);
        writer.WriteEndObject();
    }

    public static void WriteSealed(Utf8JsonWriter writer, AuditSealedEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Sealed);
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("digest", entry.Digest);
        writer.WriteString("previous_hash", entry.PreviousHash);
        writer.WriteString("hash", entry.Hash);
        writer.WriteEndObject();
    }

    public static string KindOf(JsonElement line) =>
        line.ValueKind == JsonValueKind.Object && line.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
            ? kind.GetString()!
            : "";

    public static AuditExportHeader ReadHeader(JsonElement line)
    {
        var fields = Fields(line, "kind", "format", "tenant", "exported_at", "first_sequence", "last_sequence", "public_keys");
        var keys = new List<AuditPublicKey>();
        if (fields["public_keys"].ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("public_keys: an array");
        }
        foreach (var key in fields["public_keys"].EnumerateArray())
        {
            var keyFields = Fields(key, "key_id", "public_key");
            keys.Add(new AuditPublicKey(String(keyFields, "key_id"), String(keyFields, "public_key")));
        }
        var tenant = fields["tenant"].ValueKind == JsonValueKind.Null ? null : String(fields, "tenant");
        if (tenant is not null && !TenantName.IsValid(tenant))
        {
            throw new InvalidDataException($"tenant: {TenantName.Rule}");
        }
        return new AuditExportHeader(String(fields, "format"), ParseTime(String(fields, "exported_at")),
            NullableInt64(fields, "first_sequence"), NullableInt64(fields, "last_sequence"), keys, tenant);
    }

    public static AuditCheckpoint ReadCheckpoint(JsonElement line)
    {
        var fields = Fields(line, "kind", "sequence", "hash", "time", "key_id", "signature");
        return new AuditCheckpoint(Int64(fields, "sequence"), String(fields, "hash"), ParseTime(String(fields, "time")),
            String(fields, "key_id"), String(fields, "signature"));
    }

    public static AuditEntry ReadEntry(JsonElement line)
    {
        var fields = Fields(line, "kind", "sequence", "time", "tenant", "actor", "action", "target", "details", "salt", "previous_hash", "hash");
        return new AuditEntry(Int64(fields, "sequence"), ParseTime(String(fields, "time")), String(fields, "tenant"), String(fields, "actor"),
            String(fields, "action"), String(fields, "target"), fields["details"].GetRawText(), String(fields, "salt"),
            String(fields, "previous_hash"), String(fields, "hash"));
    }

    public static AuditSealedEntry ReadSealed(JsonElement line)
    {
        var fields = Fields(line, "kind", "sequence", "digest", "previous_hash", "hash");
        return new AuditSealedEntry(Int64(fields, "sequence"), String(fields, "digest"), String(fields, "previous_hash"), String(fields, "hash"));
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement line, params string[] names)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("not a JSON object");
        }
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in line.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"unexpected property '{property.Name}'");
            }
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new InvalidDataException($"'{property.Name}' appears twice");
            }
        }
        if (names.FirstOrDefault(name => !fields.ContainsKey(name)) is { } missing)
        {
            throw new InvalidDataException($"'{missing}' is missing");
        }
        return fields;
    }

    private static string String(Dictionary<string, JsonElement> fields, string name) =>
        fields[name].ValueKind == JsonValueKind.String ? fields[name].GetString()! : throw new InvalidDataException($"{name}: a string");

    private static long Int64(Dictionary<string, JsonElement> fields, string name) =>
        fields[name].ValueKind == JsonValueKind.Number && fields[name].TryGetInt64(out var value) ? value : throw new InvalidDataException($"{name}: an integer");

    private static long? NullableInt64(Dictionary<string, JsonElement> fields, string name) =>
        fields[name].ValueKind == JsonValueKind.Null ? null : Int64(fields, name);

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value.Value);
        }
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidDataException($"'{text}' is not a time written as {TimeFormat}");
}
