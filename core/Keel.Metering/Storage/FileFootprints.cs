using Keel.Costs.Metering;
using Keel.Events;
using Microsoft.Data.Sqlite;

namespace Keel.Metering;

/// <summary>
/// Bytes the feature stores hold on disk. The offline store keeps each tenant's Parquet files under
/// a directory named for the tenant, so its bytes are exact per tenant. The embedded online store is
/// one SQLite file shared by all tenants: the file's size is split by each tenant's share of the
/// stored row bytes. Neither belongs to a model, so model and version are untagged.
/// </summary>
internal static class FileFootprints
{
    private const string Untagged = AttributionTags.Untagged;

    public static IReadOnlyList<StorageFootprint> Offline(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }
        var footprints = new List<StorageFootprint>();
        foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            // Tenant names cannot start with '_' or '.', so the manifest and DuckDB's scratch space are never counted as one.
            var name = Path.GetFileName(directory);
            if (!TenantName.IsValid(name))
            {
                continue;
            }
            var bytes = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            if (bytes > 0)
            {
                footprints.Add(new StorageFootprint(StorageFootprint.OfflineStore, name, Untagged, Untagged, Untagged, Untagged, bytes));
            }
        }
        return footprints;
    }

    public static IReadOnlyList<StorageFootprint> Online(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }
        var size = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
        var weights = TenantRowBytes(file);
        if (weights.Count == 0)
        {
            return size > 0 ? [new StorageFootprint(StorageFootprint.OnlineStore, Untagged, Untagged, Untagged, Untagged, Untagged, size)] : [];
        }
        var tenants = weights.Keys.Order(StringComparer.Ordinal).ToArray();
        var shares = ByteShares.Split(size, tenants.Select(t => weights[t]).ToArray());
        return tenants.Select((tenant, i) => new StorageFootprint(StorageFootprint.OnlineStore, tenant, Untagged, Untagged, Untagged, Untagged, shares[i]))
            .Where(f => f.Bytes > 0)
            .ToArray();
    }

    private static Dictionary<string, long> TenantRowBytes(string file)
    {
        var weights = new Dictionary<string, long>(StringComparer.Ordinal);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'online_records';";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return weights;
        }
        command.CommandText = """
            SELECT tenant, SUM(length(tenant) + length(view) + length(entity) + length(view_version) + 8
                               + length(event_id) + length(feature_names) + length(feature_values))
            FROM online_records GROUP BY tenant;
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var tenant = reader.GetString(0);
            weights[TenantName.IsValid(tenant) ? tenant : Untagged] = weights.GetValueOrDefault(TenantName.IsValid(tenant) ? tenant : Untagged) + reader.GetInt64(1);
        }
        return weights;
    }
}
