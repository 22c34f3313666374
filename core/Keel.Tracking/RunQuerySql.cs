using System.Text;
using Microsoft.Data.Sqlite;

namespace Keel.Tracking;

/// <summary>
/// The SELECT for a <see cref="RunQuery"/>. Ordering by a metric joins each run's latest value;
/// runs without it (or with NaN) sort last in either direction, then newest first.
/// </summary>
internal static class RunQuerySql
{
    public static SqliteCommand Build(SqliteConnection connection, SqliteTransaction transaction, string tenant, string? experimentId, RunQuery query)
    {
        var sql = new StringBuilder($"SELECT {RunLoader.Columns} FROM runs r");
        var command = connection.Command(transaction, "").With("$tenant", tenant).With("$limit", query.Limit);
        if (query.OrderByMetric is not null)
        {
            sql.Append(" LEFT JOIN latest_metrics m ON m.tenant = r.tenant AND m.run_id = r.id AND m.key = $metric");
            command.With("$metric", query.OrderByMetric);
        }

        sql.Append(" WHERE r.tenant = $tenant");
        if (experimentId is not null)
        {
            sql.Append(" AND r.experiment_id = $experiment");
            command.With("$experiment", experimentId);
        }
        if (query.ParentRunId is not null)
        {
            sql.Append(" AND r.parent_run_id = $parent");
            command.With("$parent", query.ParentRunId);
        }
        if (query.TopLevelOnly)
        {
            sql.Append(" AND r.parent_run_id IS NULL");
        }
        if (query.Status is { } status)
        {
            sql.Append(" AND r.status = $status");
            command.With("$status", status.ToString());
        }

        sql.Append(" ORDER BY ");
        if (query.OrderByMetric is not null)
        {
            sql.Append("(m.value IS NULL OR m.is_nan = 1), m.value ").Append(query.Ascending ? "ASC" : "DESC").Append(", ");
        }
        sql.Append("r.start_time DESC, r.id DESC LIMIT $limit");
        command.CommandText = sql.ToString();
        return command;
    }
}
