using Dapr.Workflow;
using Microsoft.Data.Sqlite;

namespace Keel.Workflows.Local.Storage;

/// <summary>The one write of a turn.</summary>
internal sealed partial class WorkflowStore
{
    /// <summary>Writes a turn atomically and returns the instances that now have messages to apply.</summary>
    public IReadOnlyCollection<string> Commit(TurnCommit turn)
    {
        var now = DateTime.UtcNow;
        var wake = new HashSet<string>(StringComparer.Ordinal);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();

        if (turn.ConsumedMessageId is { } messageId)
        {
            Sql.Execute(connection, transaction, "DELETE FROM workflow_inbox WHERE id = $id", ("$id", messageId));
        }

        foreach (var step in turn.Steps)
        {
            InsertHistory(connection, transaction, turn.InstanceId, turn.Generation, step);
        }

        foreach (var timer in turn.TimersCreated)
        {
            Sql.Execute(connection, transaction,
                "INSERT OR REPLACE INTO workflow_timers (instance_id, generation, task_id, fire_at) VALUES ($id, $generation, $task_id, $fire_at)",
                ("$id", timer.InstanceId), ("$generation", timer.Generation), ("$task_id", timer.TaskId), ("$fire_at", Sql.Time(timer.FireAt)));
        }

        foreach (var taskId in turn.TimersCanceled)
        {
            Sql.Execute(connection, transaction,
                "DELETE FROM workflow_timers WHERE instance_id = $id AND generation = $generation AND task_id = $task_id",
                ("$id", turn.InstanceId), ("$generation", turn.Generation), ("$task_id", taskId));
        }

        StartChildren(connection, transaction, turn, now, wake);
        SendEvents(connection, transaction, turn, now, wake);
        UpdateInstance(connection, transaction, turn, now);

        if (turn.ContinueAsNew is { } next)
        {
            StartNextGeneration(connection, transaction, turn, next, now);
            wake.Add(turn.InstanceId);
        }
        else if (turn.Status is { } status && WorkflowInstanceInfo.IsTerminal(status))
        {
            Finish(connection, transaction, turn, status, now, wake);
        }

        transaction.Commit();
        return wake;
    }

    private static void StartChildren(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn, DateTime now, HashSet<string> wake)
    {
        foreach (var child in turn.ChildrenStarted)
        {
            try
            {
                CreateInstance(connection, transaction, child.Name, child.InstanceId, child.Input,
                    new ParentLink(turn.InstanceId, child.TaskId, turn.Generation), now);
                wake.Add(child.InstanceId);
            }
            catch (InvalidOperationException ex)
            {
                // The id is taken by a running instance: the parent sees the child call fail, as a task failure.
                InsertInbox(connection, transaction, turn.InstanceId, MessagePriority, turn.Generation, new WorkflowStep
                {
                    Kind = WorkflowStepKind.ChildWorkflowFailed,
                    Name = child.Name,
                    TaskId = child.TaskId,
                    RelatedInstanceId = child.InstanceId,
                    Failure = new WorkflowTaskFailureDetails(ex.GetType().FullName!, ex.Message),
                }, now);
                wake.Add(turn.InstanceId);
            }
        }
    }

    private static void SendEvents(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn, DateTime now, HashSet<string> wake)
    {
        foreach (var sent in turn.EventsSent)
        {
            // Dapr drops an event sent to an instance that does not exist; so does this runtime, and to a finished one too.
            if (GetStatus(connection, transaction, sent.InstanceId) is { } status && !WorkflowInstanceInfo.IsTerminal(status))
            {
                InsertInbox(connection, transaction, sent.InstanceId, MessagePriority, null,
                    new WorkflowStep { Kind = WorkflowStepKind.EventRaised, Name = sent.Name, Data = sent.Data }, now);
                wake.Add(sent.InstanceId);
            }
        }
    }

    private static void UpdateInstance(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn, DateTime now)
    {
        var terminal = turn.Status is { } status && WorkflowInstanceInfo.IsTerminal(status);
        Sql.Execute(connection, transaction,
            """
            UPDATE workflow_instances SET
                status = COALESCE($status, status),
                custom_status = CASE WHEN $custom_changed THEN $custom ELSE custom_status END,
                output = CASE WHEN $terminal THEN $output ELSE output END,
                error_type = CASE WHEN $terminal THEN $error_type ELSE error_type END,
                error_message = CASE WHEN $terminal THEN $error_message ELSE error_message END,
                error_stack = CASE WHEN $terminal THEN $error_stack ELSE error_stack END,
                completed_at = CASE WHEN $terminal THEN $now ELSE completed_at END,
                updated_at = $now
            WHERE instance_id = $id AND generation = $generation
            """,
            ("$id", turn.InstanceId), ("$generation", turn.Generation), ("$status", turn.Status?.ToString()),
            ("$custom_changed", turn.CustomStatusChanged), ("$custom", turn.CustomStatus), ("$terminal", terminal),
            ("$output", turn.Output), ("$error_type", turn.Failure?.ErrorType), ("$error_message", turn.Failure?.ErrorMessage),
            ("$error_stack", turn.Failure?.StackTrace), ("$now", Sql.Time(now)));
    }

    private static void StartNextGeneration(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn,
        ContinueAsNewRequest next, DateTime now)
    {
        var generation = turn.Generation + 1;
        Sql.Execute(connection, transaction,
            "UPDATE workflow_instances SET generation = $generation, input = $input, status = 'Running', updated_at = $now WHERE instance_id = $id",
            ("$id", turn.InstanceId), ("$generation", generation), ("$input", next.Input), ("$now", Sql.Time(now)));
        Sql.Execute(connection, transaction, "DELETE FROM workflow_timers WHERE instance_id = $id", ("$id", turn.InstanceId));

        // Results of the old run's tasks are moot; unread events go along only when the workflow asked to keep them.
        Sql.Execute(connection, transaction,
            "DELETE FROM workflow_inbox WHERE instance_id = $id AND (generation IS NOT NULL OR (kind = 'EventRaised' AND NOT $preserve))",
            ("$id", turn.InstanceId), ("$preserve", next.PreserveUnprocessedEvents));
        InsertInbox(connection, transaction, turn.InstanceId, StartPriority, generation,
            new WorkflowStep { Kind = WorkflowStepKind.WorkflowStarted, Data = next.Input }, now);
        if (next.PreserveUnprocessedEvents)
        {
            foreach (var (name, data) in next.BufferedEvents)
            {
                InsertInbox(connection, transaction, turn.InstanceId, MessagePriority, null,
                    new WorkflowStep { Kind = WorkflowStepKind.EventRaised, Name = name, Data = data }, now);
            }
        }
    }

    private static void Finish(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn, WorkflowRuntimeStatus status,
        DateTime now, HashSet<string> wake)
    {
        Sql.Execute(connection, transaction, "DELETE FROM workflow_timers WHERE instance_id = $id", ("$id", turn.InstanceId));
        Sql.Execute(connection, transaction, "DELETE FROM workflow_inbox WHERE instance_id = $id", ("$id", turn.InstanceId));

        using (var command = Sql.Command(connection, transaction,
            "SELECT name, parent_instance_id, parent_task_id, parent_generation FROM workflow_instances WHERE instance_id = $id",
            ("$id", turn.InstanceId)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read() && Sql.String(reader, "parent_instance_id") is { } parentId)
            {
                var name = Sql.String(reader, "name");
                var parentTask = Sql.Int(reader, "parent_task_id")!.Value;
                var parentGeneration = Sql.Int(reader, "parent_generation")!.Value;
                reader.Close();
                NotifyParent(connection, transaction, turn, status, name, parentId, parentTask, parentGeneration, now, wake);
            }
        }

        if (status == WorkflowRuntimeStatus.Terminated)
        {
            // Terminating a parent terminates the children it is still waiting for.
            using var command = Sql.Command(connection, transaction,
                $"SELECT instance_id FROM workflow_instances WHERE parent_instance_id = $id AND status NOT IN {TerminalStatuses}",
                ("$id", turn.InstanceId));
            var children = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    children.Add(reader.GetString(0));
                }
            }

            foreach (var child in children)
            {
                InsertInbox(connection, transaction, child, ControlPriority, null,
                    new WorkflowStep { Kind = WorkflowStepKind.WorkflowTerminated, Data = turn.Output }, now);
                wake.Add(child);
            }
        }
    }

    private static void NotifyParent(SqliteConnection connection, SqliteTransaction transaction, TurnCommit turn, WorkflowRuntimeStatus status,
        string? name, string parentId, int parentTask, int parentGeneration, DateTime now, HashSet<string> wake)
    {
        var parentAlive = (long?)Sql.Scalar(connection, transaction,
            $"SELECT 1 FROM workflow_instances WHERE instance_id = $id AND generation = $generation AND status NOT IN {TerminalStatuses}",
            ("$id", parentId), ("$generation", parentGeneration)) == 1;
        if (!parentAlive)
        {
            return;
        }

        var failure = status switch
        {
            WorkflowRuntimeStatus.Completed => null,
            WorkflowRuntimeStatus.Failed => turn.Failure,
            _ => new WorkflowTaskFailureDetails("WorkflowTerminated", $"Child workflow '{turn.InstanceId}' was {status.ToString().ToLowerInvariant()}."),
        };
        InsertInbox(connection, transaction, parentId, MessagePriority, parentGeneration, new WorkflowStep
        {
            Kind = failure is null ? WorkflowStepKind.ChildWorkflowCompleted : WorkflowStepKind.ChildWorkflowFailed,
            Name = name,
            TaskId = parentTask,
            RelatedInstanceId = turn.InstanceId,
            Data = failure is null ? turn.Output : null,
            Failure = failure,
        }, now);
        wake.Add(parentId);
    }

    private static void InsertHistory(SqliteConnection connection, SqliteTransaction transaction, string instanceId, int generation, WorkflowStep step) =>
        Sql.Execute(connection, transaction,
            """
            INSERT INTO workflow_history (instance_id, seq, generation, kind, name, task_id, attempt, data, related_instance_id, fire_at,
                error_type, error_message, error_stack, duration_ms, timestamp)
            VALUES ($id, $seq, $generation, $kind, $name, $task_id, $attempt, $data, $related, $fire_at,
                $error_type, $error_message, $error_stack, $duration_ms, $timestamp)
            """,
            [("$id", instanceId), ("$seq", step.Sequence), ("$generation", generation),
                ("$fire_at", step.FireAt is { } fireAt ? Sql.Time(fireAt.UtcDateTime) : null),
                ("$timestamp", Sql.Time(step.Timestamp.UtcDateTime)), .. Sql.StepParameters(step)]);
}
