using System.Globalization;
using Dapr.Workflow;
using Microsoft.Data.Sqlite;

namespace Keel.Workflows.Local.Storage;

/// <summary>Small helpers shared by the store's queries: parameters, times and row mapping.</summary>
internal static class Sql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Round-trip UTC text: sorts as it compares, and reads back to the same tick.</summary>
    public static string Time(DateTime value) =>
        (value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime())
        .ToString("O", CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string? String(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static int? Int(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
    }

    public static double? Double(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
    }

    public static DateTime? NullableTime(SqliteDataReader reader, string column) =>
        String(reader, column) is { } text ? ParseTime(text) : null;

    public static WorkflowTaskFailureDetails? Failure(SqliteDataReader reader) =>
        String(reader, "error_type") is { } type
            ? new WorkflowTaskFailureDetails(type, String(reader, "error_message") ?? string.Empty, String(reader, "error_stack"))
            : null;

    /// <summary>The step columns shared by history and inbox rows.</summary>
    public static WorkflowStep Step(SqliteDataReader reader, string timeColumn) => new()
    {
        Kind = Enum.Parse<WorkflowStepKind>(String(reader, "kind")!),
        Name = String(reader, "name"),
        TaskId = Int(reader, "task_id"),
        Attempt = Int(reader, "attempt"),
        Data = String(reader, "data"),
        RelatedInstanceId = String(reader, "related_instance_id"),
        Failure = Failure(reader),
        Duration = Double(reader, "duration_ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        Timestamp = new DateTimeOffset(ParseTime(String(reader, timeColumn)!)),
    };

    public static (string, object?)[] StepParameters(WorkflowStep step) =>
    [
        ("$kind", step.Kind.ToString()),
        ("$name", step.Name),
        ("$task_id", step.TaskId),
        ("$attempt", step.Attempt),
        ("$data", step.Data),
        ("$related", step.RelatedInstanceId),
        ("$error_type", step.Failure?.ErrorType),
        ("$error_message", step.Failure?.ErrorMessage),
        ("$error_stack", step.Failure?.StackTrace),
        ("$duration_ms", step.Duration?.TotalMilliseconds),
    ];

    public static WorkflowRuntimeStatus Status(string text) => Enum.Parse<WorkflowRuntimeStatus>(text);
}
