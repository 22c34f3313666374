using System.Text.RegularExpressions;
using Keel.Events;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// Checks on the names that become directories and columns, and quoting for the SQL the store
/// sends to DuckDB. Tenants and views name directories, so they must be path-safe; features name
/// columns, and DuckDB matches column names case-insensitively, so a view may not hold two
/// features that differ only in case or that shadow the store's own columns.
/// </summary>
internal static partial class OfflineNames
{
    public const string EntityKey = "entity_key";
    public const string EventTimestamp = "event_timestamp";
    public const string CreatedTimestamp = "created_timestamp";
    public const string EventId = "event_id";
    public const string ViewVersion = "view_version";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        EntityKey, EventTimestamp, CreatedTimestamp, EventId, ViewVersion,
    };

    public static void CheckTenant(string tenant)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"tenant '{tenant}' is not valid: {TenantName.Rule}.", nameof(tenant));
        }
    }

    public static void CheckView(string view)
    {
        if (view is null || !ViewPattern().IsMatch(view))
        {
            throw new ArgumentException($"view '{view}' is not valid: letters, digits, '_' and '-', not starting with '-', at most 128 characters.", nameof(view));
        }
    }

    /// <summary>Checks a view definition before its rows are written or its columns are queried.</summary>
    public static void CheckDefinition(FeatureViewDefinition view)
    {
        CheckView(view.Name);
        if (view.Ttl is { } ttl && ttl < TimeSpan.Zero)
        {
            throw new ArgumentException($"view '{view.Name}' has a negative TTL.", nameof(view));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in view.Features)
        {
            if (string.IsNullOrWhiteSpace(feature.Name))
            {
                throw new ArgumentException($"view '{view.Name}' has a feature without a name.", nameof(view));
            }
            if (Reserved.Contains(feature.Name))
            {
                throw new ArgumentException($"view '{view.Name}': feature '{feature.Name}' would shadow the offline store's own column of that name.", nameof(view));
            }
            if (!seen.Add(feature.Name))
            {
                throw new ArgumentException($"view '{view.Name}' has features named '{feature.Name}' more than once (names are compared ignoring case).", nameof(view));
            }
        }
    }

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ViewPattern();
}
