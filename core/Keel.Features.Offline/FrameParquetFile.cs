using System.Text;
using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// Writes a table of typed columns (a training set, an export) to a Parquet file, and reads one
/// back. DuckDB writes it, as it writes the offline store, so timestamps are true UTC microsecond
/// timestamps with statistics every Parquet reader can trust.
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

    /// <summary>
    /// Reads a Parquet file's columns in file order, typed as feature types: what <see cref="Write"/>
    /// wrote comes back with the same names, types, values and row order (timestamps as UTC).
    /// </summary>
    /// <exception cref="NotSupportedException">A column has a type no feature has (a list, a struct, a decimal…).</exception>
    public static IReadOnlyList<FrameColumn> Read(string path)
    {
        var file = Path.GetFullPath(path);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"No Parquet file at '{file}'.", file);
        }
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        // Rows must come back in the order they were written: the row order is part of a training set.
        Execute(connection, "SET preserve_insertion_order = true");
        var source = $"read_parquet({OfflineNames.Literal(file)})";

        var schema = new List<(string Name, FeatureType Type)>();
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM {source}";
            using var reader = describe.ExecuteReader();
            while (reader.Read())
            {
                var name = reader.GetString(0);
                schema.Add((name, TypeOf(name, reader.GetString(1))));
            }
        }

        var values = schema.Select(_ => new List<object?>()).ToArray();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT " + string.Join(", ", schema.Select(c => Selected(c.Name, c.Type))) + $" FROM {source}";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < schema.Count; i++)
                {
                    values[i].Add(FeatureValueReader.Read(reader, i, schema[i].Type));
                }
            }
        }
        return schema.Select((c, i) => new FrameColumn(c.Name, c.Type, values[i])).ToArray();
    }

    /// <summary>A column as <see cref="FeatureValueReader"/> reads it: timestamps as microseconds, numbers widened.</summary>
    private static string Selected(string name, FeatureType type) => type switch
    {
        FeatureType.Timestamp => $"epoch_us({OfflineNames.Identifier(name)})",
        FeatureType.Int64 => $"CAST({OfflineNames.Identifier(name)} AS BIGINT)",
        FeatureType.Double => $"CAST({OfflineNames.Identifier(name)} AS DOUBLE)",
        _ => OfflineNames.Identifier(name),
    };

    /// <summary>The feature type of a DuckDB column type; the narrower integer and float types widen as the offline store's do.</summary>
    private static FeatureType TypeOf(string column, string sqlType) => sqlType.ToUpperInvariant() switch
    {
        "VARCHAR" => FeatureType.String,
        "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" => FeatureType.Int64,
        "DOUBLE" or "FLOAT" => FeatureType.Double,
        "BOOLEAN" => FeatureType.Bool,
        "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP" => FeatureType.Timestamp,
        _ => throw new NotSupportedException($"column {column} is {sqlType}, which no feature type holds (int64, double, string, bool, timestamp)"),
    };

    private static string StagedType(FeatureType type) => type == FeatureType.Timestamp ? "BIGINT" : ViewRelation.SqlType(type);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
