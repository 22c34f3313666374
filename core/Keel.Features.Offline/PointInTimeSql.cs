using System.Globalization;
using System.Text;

namespace Keel.Features.Offline;

/// <summary>One view of a point-in-time join: its rows (a <see cref="ViewRelation"/>), how many features it contributes and its TTL.</summary>
internal sealed record PointInTimeView(string Relation, int FeatureCount, long? TtlMicros);

/// <summary>
/// The point-in-time join over the tables <c>frame(row_idx, eid, ts, …)</c> and
/// <c>entities(entity_key, eid, first_ts, last_ts)</c>, the frame's distinct entities with the
/// range of their frame timestamps. For each frame row and view it takes the view's row of the
/// same entity with the greatest event time at or before the row's timestamp; among rows sharing
/// that event time, the latest created, then the greatest event id. When that row is older than
/// the view's TTL the features are NULL: an older row is never used instead.
/// </summary>
/// <remarks>
/// Three choices keep it fast. Entities are joined on a dense integer id (<c>eid</c>) rather than
/// the key string, which makes DuckDB's ASOF join several times cheaper; the inner join with
/// <c>entities</c> also drops the history of entities the frame does not ask about, and of each
/// entity it keeps only rows that some frame row of that entity could use: none after its last
/// timestamp, none older than the TTL before its first (such a row is expired for every frame row
/// of the entity, and without it the answer is the same null). The ASOF join
/// sorts only (eid, time) pairs; the chosen rows' features are fetched afterwards by an equality
/// join on (eid, time), which is also where ties are broken, so there is no separate
/// de-duplication pass over the history. Rows come back unordered and are placed by row_idx.
/// </remarks>
internal static class PointInTimeSql
{
    /// <summary>
    /// Selects <c>row_idx</c>, then <paramref name="frameColumns"/> of the frame, then every view's
    /// features as <c>v{i}_c{j}</c>.
    /// </summary>
    public static string Query(IReadOnlyList<PointInTimeView> views, IReadOnlyList<string> frameColumns)
    {
        var ctes = new List<string>();
        for (var i = 0; i < views.Count; i++)
        {
            var view = views[i];
            var features = Enumerable.Range(0, view.FeatureCount).Select(j => "c" + j.ToString(CultureInfo.InvariantCulture)).ToArray();
            var ttl = view.TtlMicros?.ToString(CultureInfo.InvariantCulture);
            var expired = ttl is null ? "" : $" AND v.ts >= e.first_ts - {ttl}";
            var fresh = ttl is null ? "" : $" WHERE f.ts - v.ts <= {ttl}";
            // Materialized: the Parquet files are read and mapped to eids once for both uses below.
            ctes.Add($"""
                s{i} AS MATERIALIZED (
                    SELECT e.eid, v.ts, v.created, v.event_id{string.Concat(features.Select(c => ", v." + c))}
                    FROM ({view.Relation}) v
                    JOIN entities e ON e.entity_key = v.entity_key AND v.ts <= e.last_ts{expired})
                """);
            ctes.Add($"""
                m{i} AS (
                    SELECT f.row_idx, f.eid, v.ts
                    FROM frame f ASOF JOIN (SELECT eid, ts FROM s{i}) v ON f.eid = v.eid AND f.ts >= v.ts{fresh})
                """);
            ctes.Add($$"""
                j{{i}} AS (
                    SELECT m.row_idx, arg_max({{Pack(features)}}, {'created': s.created, 'event_id': s.event_id}) AS r
                    FROM m{{i}} m JOIN s{{i}} s ON s.eid = m.eid AND s.ts = m.ts
                    GROUP BY m.row_idx)
                """);
        }

        var sql = new StringBuilder();
        if (ctes.Count > 0)
        {
            sql.Append("WITH ").AppendJoin(",\n", ctes).AppendLine();
        }
        sql.Append("SELECT f.row_idx");
        foreach (var column in frameColumns)
        {
            sql.Append(", f.").Append(column);
        }
        for (var i = 0; i < views.Count; i++)
        {
            for (var j = 0; j < views[i].FeatureCount; j++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", j{i}.r.c{j} AS v{i}_c{j}");
            }
        }
        sql.AppendLine().Append("FROM frame f");
        for (var i = 0; i < views.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" LEFT JOIN j{i} ON j{i}.row_idx = f.row_idx");
        }
        return sql.ToString();
    }

    private static string Pack(IReadOnlyList<string> columns) =>
        columns.Count == 0 ? "NULL" : "{" + string.Join(", ", columns.Select(c => $"'{c}': s.{c}")) + "}";
}
