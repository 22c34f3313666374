using System.Text;
using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// Writes a table of typed columns (a training set, an export) to a Parquet file. DuckDB writes
/// it, as it writes the offline store, so timestamps are true UTC microsecond timestamps with
/// statistics every Parquet reader can trust.
/// </summary>
public static class FrameParquetFile
{
    public static void Write(string path, IReadOnlyList<FrameColumn> columns)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("A Parquet file needs at least one column.", nameof(columns));
        }
        var rows = columns[0].Values.Count;
        if (columns.Any(c => c.Values.Count != rows))
        {
            throw new ArgumentException("Every column must have the same number of values.", nameof(columns));
        }
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE frame (" + string.Join(", ", columns.Select((c, i) => $"c{i} {StagedType(c.Type)}")) + ")");
        using (var appender = connection.CreateAppender("frame"))
        {
            for (var row = 0; row < rows; row++)
            {
                var append = appender.CreateRow();
                foreach (var column in columns)
                {
                    append = column.Values[row] switch
                    {
                        null => append.AppendNullValue(),
                        long number => append.AppendValue(number),
                        double number => append.AppendValue(number),
                        string text => append.AppendValue(text),
                        bool flag => append.AppendValue(flag),
                        DateTimeOffset time => append.AppendValue(Microseconds.From(time)),
                        var other => throw new ArgumentException($"column {column.Name} holds a {other.GetType().Name}, which is not a feature value"),
                    };
                }
                append.EndRow();
            }
        }
        var select = new StringBuilder("SELECT ");
        select.AppendJoin(", ", columns.Select((c, i) =>
            (c.Type == FeatureType.Timestamp ? $"make_timestamptz(c{i})" : $"c{i}") + " AS " + OfflineNames.Identifier(c.Name)));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Execute(connection, $"COPY ({select} FROM frame) TO {OfflineNames.Literal(Path.GetFullPath(path))} (FORMAT parquet, COMPRESSION zstd)");
    }

    private static string StagedType(FeatureType type) => type == FeatureType.Timestamp ? "BIGINT" : ViewRelation.SqlType(type);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
