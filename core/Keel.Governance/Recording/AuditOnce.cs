using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Audit;

namespace Keel.Governance;

/// <summary>
/// Appends an entry unless one with the same target, action and key is already in the log, so that a
/// retried workflow step records its outcome once. The key goes into the entry's details as <c>key</c>.
/// </summary>
internal static class AuditOnce
{
    public const string KeyField = "key";

    public static async Task AppendAsync(IAuditLog log, NewAuditEntry entry, string key, CancellationToken cancellationToken)
    {
        var details = entry.Details ?? new JsonObject();
        details[KeyField] = key;
        var query = new AuditQuery { Tenant = entry.Tenant, Target = entry.Target };
        await foreach (var existing in log.ReadAsync(query, cancellationToken))
        {
            if (existing.Action == entry.Action && KeyOf(existing) == key)
            {
                return;
            }
        }
        await log.AppendAsync(entry with { Details = details }, cancellationToken);
    }

    private static string? KeyOf(AuditEntry entry)
    {
        try
        {
            return JsonNode.Parse(entry.Details) is JsonObject details && details[KeyField] is JsonValue value && value.TryGetValue<string>(out var key) ? key : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
