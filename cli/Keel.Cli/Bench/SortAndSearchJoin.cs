using Apache.Arrow;
using DuckDB.NET.Data;
using Keel.Features;
using Keel.Features.Definitions;
using Keel.Features.Offline;

namespace Keel.Cli.Bench;

/// <summary>
/// The rows of one feature view held in memory, column by column: timestamps as UTC
/// microseconds (the offline store's resolution) and each feature as a typed array
/// (<c>long?[]</c>, <c>double?[]</c>, <c>string?[]</c>, <c>bool?[]</c> or <c>DateTimeOffset?[]</c>),
/// so that holding a million rows costs no boxing.
/// </summary>
public sealed class ViewHistory
{
    public ViewHistory(FeatureViewDefinition view, string[] entityKeys, long[] eventMicros, long[] createdMicros, string[] eventIds, System.Array[] features)
    {
        View = view;
        EntityKeys = entityKeys;
        EventMicros = eventMicros;
        CreatedMicros = createdMicros;
        EventIds = eventIds;
        Features = features;
    }

    public FeatureViewDefinition View { get; }

    public string[] EntityKeys { get; }

    public long[] EventMicros { get; }

    public long[] CreatedMicros { get; }

    public string[] EventIds { get; }

    /// <summary>One typed array per feature of the view, in the view's order.</summary>
    public System.Array[] Features { get; }

    public int Count => EntityKeys.Length;

    /// <summary>A feature's value as the feature frame holds it: the CLR value, boxed, or null.</summary>
    public object? Value(int feature, int row) => Features[feature] switch
    {
        long?[] values => values[row],
        double?[] values => values[row],
        string?[] values => values[row],
        bool?[] values => values[row],
        DateTimeOffset?[] values => values[row],
        var other => throw new InvalidOperationException($"unexpected column {other.GetType().Name}"),
    };

    public static ViewHistory FromRows(FeatureViewDefinition view, IReadOnlyList<FeatureRow> rows)
    {
        var features = Allocate(view, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            for (var f = 0; f < features.Length; f++)
            {
                var value = rows[i].Values[f];
                switch (features[f])
                {
                    case long?[] longs: longs[i] = (long?)value; break;
                    case double?[] doubles: doubles[i] = (double?)value; break;
                    case string?[] strings: strings[i] = (string?)value; break;
                    case bool?[] flags: flags[i] = (bool?)value; break;
                    case DateTimeOffset?[] times: times[i] = value is DateTimeOffset t ? FromMicros(Micros(t)) : null; break;
                }
            }
        }
        return new ViewHistory(
            view,
            [.. rows.Select(r => r.EntityKey)],
            [.. rows.Select(r => Micros(r.EventTime))],
            [.. rows.Select(r => Micros(r.CreatedAt))],
            [.. rows.Select(r => r.EventId)],
            features);
    }

    /// <summary>
    /// Reads every Parquet file of the view under <paramref name="viewDirectory"/> (the store's
    /// <c>&lt;root&gt;/&lt;tenant&gt;/&lt;view&gt;</c>) into memory: what the baseline must do first
    /// when, like the store, it starts from the files on disk. DuckDB serves only as the Parquet
    /// reader, handing over whole columns as Arrow arrays; the join itself is <see cref="SortAndSearchJoin"/>.
    /// </summary>
    public static async Task<ViewHistory> LoadAsync(string viewDirectory, FeatureViewDefinition view, CancellationToken cancellationToken)
    {
        var columns = string.Concat(view.Features.Select(f =>
            f.Type == FeatureType.Timestamp ? $", epoch_us(\"{f.Name}\")" : $", \"{f.Name}\""));
        var files = Path.Combine(Path.GetFullPath(viewDirectory), "**", "part-*.parquet").Replace("'", "''", StringComparison.Ordinal);
        var source = $"read_parquet('{files}', hive_partitioning = false, union_by_name = true)";

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        // The row count comes from the files' footers, so every column is allocated once.
        command.CommandText = $"SELECT count(*) FROM {source}";
        var count = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var keys = new string[count];
        var events = new long[count];
        var created = new long[count];
        var ids = new string[count];
        var features = Allocate(view, count);

        command.CommandText = $"SELECT entity_key, epoch_us(event_timestamp), epoch_us(created_timestamp), event_id{columns} FROM {source}";
        var offset = 0;
        await foreach (var batch in command.ExecuteArrowBatchesAsync(cancellationToken))
        {
            var rows = batch.Length;
            var keyColumn = (StringArray)batch.Column(0);
            var eventColumn = ((Int64Array)batch.Column(1)).Values;
            var createdColumn = ((Int64Array)batch.Column(2)).Values;
            var idColumn = (StringArray)batch.Column(3);
            for (var i = 0; i < rows; i++)
            {
                keys[offset + i] = keyColumn.GetString(i);
                events[offset + i] = eventColumn[i];
                created[offset + i] = createdColumn[i];
                ids[offset + i] = idColumn.GetString(i);
            }
            for (var f = 0; f < features.Length; f++)
            {
                var column = batch.Column(4 + f);
                for (var i = 0; i < rows; i++)
                {
                    if (column.IsNull(i))
                    {
                        continue;
                    }
                    switch (features[f], column)
                    {
                        case (long?[] longs, Int64Array source64): longs[offset + i] = source64.Values[i]; break;
                        case (double?[] doubles, DoubleArray sourceDoubles): doubles[offset + i] = sourceDoubles.Values[i]; break;
                        case (string?[] strings, StringArray sourceStrings): strings[offset + i] = sourceStrings.GetString(i); break;
                        case (bool?[] flags, BooleanArray sourceFlags): flags[offset + i] = sourceFlags.GetValue(i); break;
                        case (DateTimeOffset?[] times, Int64Array sourceMicros): times[offset + i] = FromMicros(sourceMicros.Values[i]); break;
                        default: throw new InvalidDataException($"unexpected Arrow column {column.GetType().Name} for feature {view.Features[f].Name}");
                    }
                }
            }
            offset += rows;
        }
        return new ViewHistory(view, keys, events, created, ids, features);
    }

    internal static long Micros(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTime.UnixEpoch.Ticks;
        return ticks >= 0 ? ticks / 10 : (ticks - 9) / 10;
    }

    internal static DateTimeOffset FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);

    private static System.Array[] Allocate(FeatureViewDefinition view, int count) =>
        [.. view.Features.Select(f => f.Type switch
        {
            FeatureType.Int64 => (System.Array)new long?[count],
            FeatureType.Double => new double?[count],
            FeatureType.String => new string?[count],
            FeatureType.Bool => new bool?[count],
            FeatureType.Timestamp => new DateTimeOffset?[count],
            _ => throw new ArgumentOutOfRangeException(nameof(view), f.Type, "unknown feature type"),
        })];
}

/// <summary>
/// The straightforward in-memory point-in-time join the store is measured against: sort the
/// view's rows by entity, then event time (then created time and event id, so that the last of
/// equal event times is the one the tie rule picks), and for each frame row binary-search the
/// last row at or before its timestamp. TTL as in the store: too old gives nulls, never an older row.
/// </summary>
public static class SortAndSearchJoin
{
    public static FeatureFrame Join(EntityFrame frame, ViewHistory history, IReadOnlyList<string> features)
    {
        var order = new int[history.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        System.Array.Sort(order, (a, b) =>
        {
            var c = string.CompareOrdinal(history.EntityKeys[a], history.EntityKeys[b]);
            if (c == 0)
            {
                c = history.EventMicros[a].CompareTo(history.EventMicros[b]);
            }
            if (c == 0)
            {
                c = history.CreatedMicros[a].CompareTo(history.CreatedMicros[b]);
            }
            return c != 0 ? c : string.CompareOrdinal(history.EventIds[a], history.EventIds[b]);
        });

        var positions = features.Select(name => history.View.Features.ToList().FindIndex(f => f.Name == name)).ToArray();
        var columns = features.Select(_ => new object?[frame.Count]).ToArray();
        var timestamps = new DateTimeOffset[frame.Count];
        long? ttl = history.View.Ttl is { } span ? span.Ticks / 10 : null;
        for (var row = 0; row < frame.Count; row++)
        {
            var key = frame.EntityKeys[row];
            var at = ViewHistory.Micros(frame.Timestamps[row]);
            timestamps[row] = ViewHistory.FromMicros(at);

            // The last position whose (entity, event time) is at or before (key, at).
            int low = 0, high = order.Length - 1, found = -1;
            while (low <= high)
            {
                var middle = low + ((high - low) >> 1);
                var candidate = order[middle];
                var c = string.CompareOrdinal(history.EntityKeys[candidate], key);
                if (c < 0 || (c == 0 && history.EventMicros[candidate] <= at))
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
            if (found < 0)
            {
                continue;
            }
            var match = order[found];
            if (!string.Equals(history.EntityKeys[match], key, StringComparison.Ordinal) || (ttl is { } limit && at - history.EventMicros[match] > limit))
            {
                continue;
            }
            for (var f = 0; f < positions.Length; f++)
            {
                columns[f][row] = history.Value(positions[f], match);
            }
        }

        return new FeatureFrame(
            frame.EntityKeys,
            timestamps,
            [.. features.Select((name, f) => new FrameColumn(FeatureFrame.ColumnName(history.View.Name, name), history.View.Features[positions[f]].Type, columns[f]))]);
    }
}
