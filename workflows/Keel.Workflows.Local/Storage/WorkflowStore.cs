using System.Text;
using Dapr.Workflow;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Workflows.Local.Storage;

/// <summary>
/// The SQLite file behind the local runtime: instances, their step history, their inbox of
/// not-yet-applied messages and their durable timers. Reads here; writes in the other parts.
/// </summary>
internal sealed partial class WorkflowStore(string path)
{
    private const string TerminalStatuses = "('Completed', 'Failed', 'Terminated', 'Canceled')";

    private readonly SqliteDatabase _database = new(path, WorkflowSchema.Statements);

    public string Path => _database.Path;

    public WorkflowInstanceInfo? GetInstance(string instanceId)
    {
        using var connection = _database.Open();
        return GetInstance(connection, null, instanceId);
    }

    public IReadOnlyList<WorkflowInstanceInfo> ListInstances(WorkflowInstanceQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, WorkflowInstanceQuery.MaxLimit);
        var sql = new StringBuilder("SELECT * FROM workflow_instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.Name is not null)
        {
            sql.Append(" AND name = $name");
            parameters.Add(("$name", query.Name));
        }

        if (query.Statuses.Count > 0)
        {
            var names = query.Statuses.Distinct().Select((status, i) => ($"$status{i}", status.ToString())).ToList();
            sql.Append(" AND status IN (").AppendJoin(", ", names.Select(n => n.Item1)).Append(')');
            parameters.AddRange(names.Select(n => (n.Item1, (object?)n.Item2)));
        }

        if (query.CreatedFrom is { } from)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(("$from", Sql.Time(from.UtcDateTime)));
        }

        if (query.CreatedTo is { } to)
        {
            sql.Append(" AND created_at < $to");
            parameters.Add(("$to", Sql.Time(to.UtcDateTime)));
        }

        sql.Append(" ORDER BY created_at DESC, instance_id LIMIT $limit");
        parameters.Add(("$limit", query.Limit));

        using var connection = _database.Open();
        using var command = Sql.Command(connection, null, sql.ToString(), [.. parameters]);
        using var reader = command.ExecuteReader();
        var instances = new List<WorkflowInstanceInfo>();
        while (reader.Read())
        {
            instances.Add(ReadInstance(reader));
        }

        return instances;
    }

    /// <summary>Every step of every run of the instance, oldest first.</summary>
    public IReadOnlyList<WorkflowStep> GetHistory(string instanceId) => LoadHistory(instanceId, generation: null);

    /// <summary>The steps of one run, oldest first: what replay feeds back to the workflow code.</summary>
    public IReadOnlyList<WorkflowStep> LoadHistory(string instanceId, int? generation)
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, null,
            "SELECT * FROM workflow_history WHERE instance_id = $id AND ($generation IS NULL OR generation = $generation) ORDER BY seq",
            ("$id", instanceId), ("$generation", generation));
        using var reader = command.ExecuteReader();
        var steps = new List<WorkflowStep>();
        while (reader.Read())
        {
            steps.Add(ReadHistoryStep(reader));
        }

        return steps;
    }

    public long NextSequence(string instanceId)
    {
        using var connection = _database.Open();
        return (long)Sql.Scalar(connection, null,
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM workflow_history WHERE instance_id = $id", ("$id", instanceId))!;
    }

    /// <summary>Messages waiting for the instance, in the order they are applied: terminate first, then a run's start, then arrival order.</summary>
    public IReadOnlyList<InboxMessage> LoadInbox(string instanceId)
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, null,
            "SELECT * FROM workflow_inbox WHERE instance_id = $id ORDER BY priority, id", ("$id", instanceId));
        using var reader = command.ExecuteReader();
        var messages = new List<InboxMessage>();
        while (reader.Read())
        {
            messages.Add(new InboxMessage(reader.GetInt64(reader.GetOrdinal("id")), Sql.Int(reader, "generation"), Sql.Step(reader, "created_at")));
        }

        return messages;
    }

    public IReadOnlyList<DurableTimer> LoadTimers(string instanceId, int generation)
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, null,
            "SELECT * FROM workflow_timers WHERE instance_id = $id AND generation = $generation",
            ("$id", instanceId), ("$generation", generation));
        using var reader = command.ExecuteReader();
        var timers = new List<DurableTimer>();
        while (reader.Read())
        {
            timers.Add(new DurableTimer(instanceId, generation, Sql.Int(reader, "task_id")!.Value, Sql.ParseTime(Sql.String(reader, "fire_at")!)));
        }

        return timers;
    }

    /// <summary>
    /// Activities scheduled in this run whose result is neither applied nor waiting in the inbox: they
    /// were running when the process stopped, and run again (at least once, as on Dapr).
    /// </summary>
    public IReadOnlyList<WorkflowStep> LoadUnfinishedActivities(string instanceId, int generation)
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, null,
            """
            SELECT * FROM workflow_history h
            WHERE h.instance_id = $id AND h.generation = $generation AND h.kind = 'ActivityScheduled'
              AND NOT EXISTS (SELECT 1 FROM workflow_history r WHERE r.instance_id = h.instance_id
                  AND r.generation = h.generation AND r.task_id = h.task_id AND r.kind IN ('ActivityCompleted', 'ActivityFailed'))
              AND NOT EXISTS (SELECT 1 FROM workflow_inbox i WHERE i.instance_id = h.instance_id
                  AND i.generation = h.generation AND i.task_id = h.task_id AND i.kind IN ('ActivityCompleted', 'ActivityFailed'))
            ORDER BY h.seq
            """,
            ("$id", instanceId), ("$generation", generation));
        using var reader = command.ExecuteReader();
        var steps = new List<WorkflowStep>();
        while (reader.Read())
        {
            steps.Add(ReadHistoryStep(reader));
        }

        return steps;
    }

    public IReadOnlyList<string> LoadActiveInstanceIds()
    {
        using var connection = _database.Open();
        using var command = Sql.Command(connection, null,
            $"SELECT instance_id FROM workflow_instances WHERE status NOT IN {TerminalStatuses} ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static WorkflowInstanceInfo? GetInstance(SqliteConnection connection, SqliteTransaction? transaction, string instanceId)
    {
        using var command = Sql.Command(connection, transaction,
            "SELECT * FROM workflow_instances WHERE instance_id = $id", ("$id", instanceId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstance(reader) : null;
    }

    private static WorkflowInstanceInfo ReadInstance(SqliteDataReader reader) => new()
    {
        InstanceId = Sql.String(reader, "instance_id")!,
        Name = Sql.String(reader, "name")!,
        Status = Sql.Status(Sql.String(reader, "status")!),
        Generation = Sql.Int(reader, "generation")!.Value,
        InputJson = Sql.String(reader, "input"),
        OutputJson = Sql.String(reader, "output"),
        CustomStatusJson = Sql.String(reader, "custom_status"),
        Failure = Sql.Failure(reader),
        ParentInstanceId = Sql.String(reader, "parent_instance_id"),
        CreatedAt = new DateTimeOffset(Sql.ParseTime(Sql.String(reader, "created_at")!)),
        UpdatedAt = new DateTimeOffset(Sql.ParseTime(Sql.String(reader, "updated_at")!)),
        CompletedAt = Sql.NullableTime(reader, "completed_at") is { } completed ? new DateTimeOffset(completed) : null,
    };

    private static WorkflowStep ReadHistoryStep(SqliteDataReader reader) => Sql.Step(reader, "timestamp") with
    {
        Sequence = reader.GetInt64(reader.GetOrdinal("seq")),
        Generation = Sql.Int(reader, "generation")!.Value,
        FireAt = Sql.NullableTime(reader, "fire_at") is { } fireAt ? new DateTimeOffset(fireAt) : null,
    };

    private static WorkflowRuntimeStatus? GetStatus(SqliteConnection connection, SqliteTransaction transaction, string instanceId) =>
        Sql.Scalar(connection, transaction, "SELECT status FROM workflow_instances WHERE instance_id = $id", ("$id", instanceId)) is string text
            ? Sql.Status(text)
            : null;
}
