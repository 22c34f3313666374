using Dapr.Workflow;
using Microsoft.Data.Sqlite;

namespace Keel.Workflows.Local.Storage;

/// <summary>Writes that come from outside a turn: new instances, raised events, control requests, results and fired timers.</summary>
internal sealed partial class WorkflowStore
{
    private const int ControlPriority = 0;
    private const int StartPriority = 1;
    private const int MessagePriority = 2;

    /// <summary>Records a new instance (or a new run of a finished one) and queues its start; returns the run's generation.</summary>
    public int CreateInstance(string name, string instanceId, string? input)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var generation = CreateInstance(connection, transaction, name, instanceId, input, parent: null, DateTime.UtcNow);
        transaction.Commit();
        return generation;
    }

    public void EnqueueEvent(string instanceId, string eventName, string? data)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var status = GetStatus(connection, transaction, instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (WorkflowInstanceInfo.IsTerminal(status))
        {
            throw new InvalidOperationException(
                $"Workflow instance '{instanceId}' is {status}: events can be raised only to a pending, running or suspended instance.");
        }

        InsertInbox(connection, transaction, instanceId, MessagePriority, null,
            new WorkflowStep { Kind = WorkflowStepKind.EventRaised, Name = eventName, Data = data }, DateTime.UtcNow);
        transaction.Commit();
    }

    /// <summary>
    /// Queues a terminate, suspend or resume request. Returns false when the instance has already
    /// finished, which makes terminating a finished instance a no-op as on Dapr.
    /// </summary>
    public bool EnqueueControl(string instanceId, WorkflowStepKind kind, string? data)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var status = GetStatus(connection, transaction, instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (WorkflowInstanceInfo.IsTerminal(status))
        {
            return false;
        }

        var priority = kind == WorkflowStepKind.WorkflowTerminated ? ControlPriority : MessagePriority;
        InsertInbox(connection, transaction, instanceId, priority, null, new WorkflowStep { Kind = kind, Data = data }, DateTime.UtcNow);
        transaction.Commit();
        return true;
    }

    /// <summary>Queues an activity's result unless its run has finished or been replaced meanwhile.</summary>
    public bool EnqueueResult(string instanceId, int generation, WorkflowStep result)
    {
        using var connection = _database.Open();
        return Sql.Execute(connection, null,
            $"""
            INSERT INTO workflow_inbox (instance_id, priority, generation, kind, name, task_id, attempt, data, related_instance_id,
                error_type, error_message, error_stack, duration_ms, created_at)
            SELECT $id, $priority, $generation, $kind, $name, $task_id, $attempt, $data, $related,
                $error_type, $error_message, $error_stack, $duration_ms, $now
            WHERE EXISTS (SELECT 1 FROM workflow_instances WHERE instance_id = $id AND generation = $generation
                AND status NOT IN {TerminalStatuses})
            """,
            [("$id", instanceId), ("$priority", MessagePriority), ("$generation", generation), ("$now", Sql.Time(DateTime.UtcNow)),
                .. Sql.StepParameters(result)]) == 1;
    }

    /// <summary>Moves a due timer into the inbox; false when it was canceled or its run is over.</summary>
    public bool FireTimer(DurableTimer timer)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var deleted = Sql.Execute(connection, transaction,
            "DELETE FROM workflow_timers WHERE instance_id = $id AND generation = $generation AND task_id = $task_id",
            ("$id", timer.InstanceId), ("$generation", timer.Generation), ("$task_id", timer.TaskId));
        if (deleted == 0)
        {
            return false;
        }

        InsertInbox(connection, transaction, timer.InstanceId, MessagePriority, timer.Generation,
            new WorkflowStep { Kind = WorkflowStepKind.TimerFired, TaskId = timer.TaskId }, DateTime.UtcNow);
        transaction.Commit();
        return true;
    }

    /// <summary>Deletes a finished instance and its history; false when it does not exist.</summary>
    public bool Purge(string instanceId)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var status = GetStatus(connection, transaction, instanceId);
        if (status is null)
        {
            return false;
        }

        if (!WorkflowInstanceInfo.IsTerminal(status.Value))
        {
            throw new InvalidOperationException($"Workflow instance '{instanceId}' is {status}: only a finished instance can be purged.");
        }

        foreach (var table in new[] { "workflow_instances", "workflow_history", "workflow_inbox", "workflow_timers" })
        {
            Sql.Execute(connection, transaction, $"DELETE FROM {table} WHERE instance_id = $id", ("$id", instanceId));
        }

        transaction.Commit();
        return true;
    }

    private static int CreateInstance(SqliteConnection connection, SqliteTransaction transaction, string name, string instanceId,
        string? input, ParentLink? parent, DateTime now)
    {
        var existing = GetInstance(connection, transaction, instanceId);
        if (existing is { IsCompleted: false })
        {
            throw new InvalidOperationException(
                $"Workflow instance '{instanceId}' already exists and is {existing.Status}; an instance id can be reused only once its run has finished.");
        }

        var generation = (existing?.Generation ?? 0) + 1;
        (string, object?)[] parameters =
        [
            ("$id", instanceId), ("$name", name), ("$generation", generation), ("$input", input), ("$now", Sql.Time(now)),
            ("$parent", parent?.InstanceId), ("$parent_task", parent?.TaskId), ("$parent_generation", parent?.Generation),
        ];
        if (existing is null)
        {
            Sql.Execute(connection, transaction,
                """
                INSERT INTO workflow_instances (instance_id, name, status, generation, input, parent_instance_id, parent_task_id,
                    parent_generation, created_at, updated_at)
                VALUES ($id, $name, 'Pending', $generation, $input, $parent, $parent_task, $parent_generation, $now, $now)
                """, parameters);
        }
        else
        {
            // A finished id is reused by a new run; its earlier runs stay in the history under their generation.
            Sql.Execute(connection, transaction,
                """
                UPDATE workflow_instances SET name = $name, status = 'Pending', generation = $generation, input = $input,
                    output = NULL, custom_status = NULL, error_type = NULL, error_message = NULL, error_stack = NULL,
                    parent_instance_id = $parent, parent_task_id = $parent_task, parent_generation = $parent_generation,
                    created_at = $now, updated_at = $now, completed_at = NULL
                WHERE instance_id = $id
                """, parameters);
            Sql.Execute(connection, transaction, "DELETE FROM workflow_inbox WHERE instance_id = $id", ("$id", instanceId));
            Sql.Execute(connection, transaction, "DELETE FROM workflow_timers WHERE instance_id = $id", ("$id", instanceId));
        }

        InsertInbox(connection, transaction, instanceId, StartPriority, generation,
            new WorkflowStep { Kind = WorkflowStepKind.WorkflowStarted, Name = name, Data = input }, now);
        return generation;
    }

    private static void InsertInbox(SqliteConnection connection, SqliteTransaction transaction, string instanceId, int priority,
        int? generation, WorkflowStep step, DateTime now) =>
        Sql.Execute(connection, transaction,
            """
            INSERT INTO workflow_inbox (instance_id, priority, generation, kind, name, task_id, attempt, data, related_instance_id,
                error_type, error_message, error_stack, duration_ms, created_at)
            VALUES ($id, $priority, $generation, $kind, $name, $task_id, $attempt, $data, $related,
                $error_type, $error_message, $error_stack, $duration_ms, $now)
            """,
            [("$id", instanceId), ("$priority", priority), ("$generation", generation), ("$now", Sql.Time(now)), .. Sql.StepParameters(step)]);

    private sealed record ParentLink(string InstanceId, int TaskId, int Generation);
}
