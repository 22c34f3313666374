using System.Text.Json;
using Keel.Storage.Artifacts;
using Microsoft.Data.Sqlite;

namespace Keel.Tracking;

/// <summary>
/// Reads runs with everything they carry: one query for the run rows, then one per kind of
/// detail for all of those runs at once (ids passed as a JSON array), not one per run.
/// </summary>
internal static class RunLoader
{
    /// <summary>The columns, in this order, that a command passed to <see cref="LoadAsync"/> must select from <c>runs r</c>.</summary>
    public const string Columns = "r.id, r.experiment_id, r.name, r.parent_run_id, r.status, r.start_time, r.end_time, r.created_by, r.error";

    public static async Task<IReadOnlyList<Run>> LoadAsync(SqliteCommand select, string tenant, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Row(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    Enum.Parse<RunStatus>(reader.GetString(4)),
                    SqliteCommands.Time(reader.GetInt64(5)),
                    reader.IsDBNull(6) ? null : SqliteCommands.Time(reader.GetInt64(6)),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }
        if (rows.Count == 0)
        {
            return [];
        }

        var connection = select.Connection!;
        var transaction = select.Transaction;
        var ids = JsonSerializer.Serialize(rows.Select(r => r.Id));
        var parameters = await DetailsAsync(connection, transaction, "SELECT run_id, key, value FROM run_params", tenant, ids, r => r.GetString(2), cancellationToken);
        var tags = await DetailsAsync(connection, transaction, "SELECT run_id, key, value FROM run_tags", tenant, ids, r => r.GetString(2), cancellationToken);
        var metrics = await DetailsAsync(connection, transaction, "SELECT run_id, key, value, is_nan FROM latest_metrics", tenant, ids,
            r => r.GetInt64(3) != 0 ? double.NaN : r.GetDouble(2), cancellationToken);
        var artifacts = await DetailsAsync(connection, transaction, "SELECT run_id, name, sha256, size, media_type FROM run_artifacts", tenant, ids,
            r => new ArtifactRef(r.GetString(2), r.GetInt64(3), r.GetString(4)), cancellationToken);

        return rows.Select(r => new Run(
            r.Id, tenant, r.ExperimentId, r.Name, r.ParentRunId, r.Status, r.StartTime, r.EndTime, r.CreatedBy, r.Error,
            Of(parameters, r.Id), Of(metrics, r.Id), Of(tags, r.Id), Of(artifacts, r.Id))).ToList();
    }

    private static async Task<Dictionary<string, SortedDictionary<string, T>>> DetailsAsync<T>(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string select,
        string tenant,
        string ids,
        Func<SqliteDataReader, T> value,
        CancellationToken cancellationToken)
    {
        var byRun = new Dictionary<string, SortedDictionary<string, T>>(StringComparer.Ordinal);
        await using var command = connection.Command(transaction, select + " WHERE tenant = $tenant AND run_id IN (SELECT value FROM json_each($ids))")
            .With("$tenant", tenant)
            .With("$ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var runId = reader.GetString(0);
            if (!byRun.TryGetValue(runId, out var items))
            {
                items = new SortedDictionary<string, T>(StringComparer.Ordinal);
                byRun[runId] = items;
            }
            items[reader.GetString(1)] = value(reader);
        }
        return byRun;
    }

    private static IReadOnlyDictionary<string, T> Of<T>(Dictionary<string, SortedDictionary<string, T>> byRun, string runId) =>
        byRun.TryGetValue(runId, out var items) ? items : new SortedDictionary<string, T>(StringComparer.Ordinal);

    private sealed record Row(
        string Id,
        string ExperimentId,
        string Name,
        string? ParentRunId,
        RunStatus Status,
        DateTimeOffset StartTime,
        DateTimeOffset? EndTime,
        string CreatedBy,
        string? Error);
}
