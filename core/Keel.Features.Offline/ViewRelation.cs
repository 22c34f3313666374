using System.Globalization;
using System.Text;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// The SQL that reads a view's rows from the manifest's Parquet files as
/// <c>(entity_key, ts, created, event_id, c0 … cn)</c>: timestamps as UTC microseconds (BIGINT),
/// features in the requested order, typed as the view's current definition says. Files written
/// by older versions of the view may lack a feature or hold it with another type; then the files
/// are read by name (union_by_name) and missing values are NULL, mistyped ones converted when they can be.
/// </summary>
internal static class ViewRelation
{
    public static string Sql(string root, IReadOnlyList<OfflineFile> files, IReadOnlyList<FeatureDefinition> features, long fromMicros = long.MinValue, long toMicros = long.MaxValue)
    {
        var sql = new StringBuilder("SELECT ");
        if (files.Count == 0)
        {
            sql.Append("NULL::VARCHAR AS entity_key, NULL::BIGINT AS ts, NULL::BIGINT AS created, NULL::VARCHAR AS event_id");
            for (var i = 0; i < features.Count; i++)
            {
                sql.Append(", NULL::").Append(SqlType(features[i].Type)).Append(" AS c").Append(i);
            }
            return sql.Append(" WHERE false").ToString();
        }

        sql.Append("entity_key, epoch_us(event_timestamp) AS ts, epoch_us(created_timestamp) AS created, event_id");
        for (var i = 0; i < features.Count; i++)
        {
            sql.Append(", ").Append(Column(files, features[i])).Append(" AS c").Append(i);
        }

        // Reading by position is faster; it is only safe when every file has the same columns.
        var sameColumns = files.All(f => f.Columns.SequenceEqual(files[0].Columns));
        sql.Append(" FROM read_parquet([");
        for (var i = 0; i < files.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(OfflineNames.Literal(Path.Combine(root, files[i].Path)));
        }
        // hive_partitioning off: the date=… directories must not add a column that could shadow a feature.
        sql.Append("], hive_partitioning = false, union_by_name = ").Append(sameColumns ? "false" : "true").Append(')');

        var filters = new List<string>();
        if (fromMicros > Microseconds.From(DateTimeOffset.MinValue))
        {
            filters.Add("event_timestamp >= " + TimestampLiteral(fromMicros));
        }
        if (toMicros < Microseconds.From(DateTimeOffset.MaxValue))
        {
            filters.Add("event_timestamp <= " + TimestampLiteral(toMicros));
        }
        if (filters.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", filters);
        }
        return sql.ToString();
    }

    /// <summary>The DuckDB type a feature is read as; timestamps are carried as microseconds.</summary>
    public static string SqlType(FeatureType type) => type switch
    {
        FeatureType.Int64 => "BIGINT",
        FeatureType.Double => "DOUBLE",
        FeatureType.String => "VARCHAR",
        FeatureType.Bool => "BOOLEAN",
        FeatureType.Timestamp => "BIGINT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown feature type"),
    };

    private static string Column(IReadOnlyList<OfflineFile> files, FeatureDefinition feature)
    {
        var stored = files
            .Select(f => f.Columns.FirstOrDefault(c => string.Equals(c.Name, feature.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        if (stored.All(c => c is null))
        {
            // Added to the view after every file was written.
            return "NULL::" + SqlType(feature.Type);
        }
        var name = OfflineNames.Identifier(stored.First(c => c is not null)!.Name);
        var sameType = stored.All(c => c is null || c.Type == feature.Type);
        var type = feature.Type == FeatureType.Timestamp ? "TIMESTAMPTZ" : SqlType(feature.Type);
        var value = sameType ? name : $"TRY_CAST({name} AS {type})";
        return feature.Type == FeatureType.Timestamp ? $"epoch_us({value})" : value;
    }

    private static string TimestampLiteral(long micros) =>
        "'" + Microseconds.ToUtcDateTime(micros).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'::TIMESTAMPTZ";
}
