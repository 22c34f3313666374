using System.Globalization;
using System.Text;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// Puts an append's rows on disk: one Parquet file per UTC event date, written by DuckDB under a
/// temporary name and flushed to disk, then all renamed into place. Until the manifest commits
/// them the files are invisible to readers; if anything fails, the append's files are removed.
/// </summary>
/// <remarks>
/// Columns: <c>entity_key</c> (string), <c>event_timestamp</c> and <c>created_timestamp</c>
/// (TIMESTAMP(MICROS, isAdjustedToUTC)), <c>event_id</c>, <c>view_version</c>, then one nullable
/// column per feature: INT64, DOUBLE, string, BOOLEAN or TIMESTAMP(MICROS, isAdjustedToUTC).
/// Rows are sorted by event time, so each row group's statistics bound a narrow time range and
/// time-filtered reads skip the rest.
/// </remarks>
internal static class OfflineFileWriter
{
    public const string FilePrefix = "part-";
    public const string FileExtension = ".parquet";
    public const string TempPrefix = "." + FilePrefix;
    public const string TempExtension = ".tmp";

    public static IReadOnlyList<OfflineFile> Write(ParquetOfflineStoreOptions options, string root, string tenant, FeatureViewDefinition view, string viewVersion, IReadOnlyList<OfflineRow> rows, CancellationToken cancellationToken)
    {
        var columns = view.Features.Select(f => new OfflineColumn(f.Name, f.Type)).ToArray();
        var partitions = rows
            .GroupBy(r => Microseconds.Date(r.EventMicros))
            .OrderBy(g => g.Key)
            .Select((g, i) => (Index: i, Date: g.Key, Rows: g.Count(), Min: g.Min(r => r.EventMicros), Max: g.Max(r => r.EventMicros)))
            .ToArray();
        var partitionOf = partitions.ToDictionary(p => p.Date, p => p.Index);

        using var session = DuckDbSession.Open(options);
        Stage(session, view, rows, partitionOf, cancellationToken);

        var files = new List<OfflineFile>();
        var written = new List<(string Temp, string Final)>();
        try
        {
            foreach (var partition in partitions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = FilePrefix + Guid.NewGuid().ToString("N") + FileExtension;
                var relative = string.Join('/', tenant, view.Name, "date=" + partition.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name);
                var final = Path.Combine(root, relative);
                var temp = Path.Combine(Path.GetDirectoryName(final)!, "." + name + TempExtension);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                written.Add((temp, final));
                session.Execute(Copy(view, viewVersion, partition.Index, temp, options.RowGroupSize));
                using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
                {
                    // DuckDB closes the file without fsync; the rename must not outlive the data.
                    file.Flush(flushToDisk: true);
                }
                files.Add(new OfflineFile(tenant, view.Name, relative, partition.Date, partition.Rows, partition.Min, partition.Max, viewVersion, columns));
            }

            foreach (var (temp, final) in written)
            {
                File.Move(temp, final);
            }
            return files;
        }
        catch
        {
            foreach (var (temp, final) in written)
            {
                TryDelete(temp);
                TryDelete(final);
            }
            throw;
        }
    }

    /// <summary>Removes files written by an append that was not committed.</summary>
    public static void Delete(string root, IEnumerable<OfflineFile> files)
    {
        foreach (var file in files)
        {
            TryDelete(Path.Combine(root, file.Path));
        }
    }

    /// <summary>Loads the rows into a DuckDB table, timestamps as microseconds, tagged with their partition.</summary>
    private static void Stage(DuckDbSession session, FeatureViewDefinition view, IReadOnlyList<OfflineRow> rows, Dictionary<DateOnly, int> partitionOf, CancellationToken cancellationToken)
    {
        var table = new StringBuilder("CREATE TABLE staged (part INTEGER NOT NULL, entity_key VARCHAR NOT NULL, event_us BIGINT NOT NULL, created_us BIGINT NOT NULL, event_id VARCHAR NOT NULL");
        for (var f = 0; f < view.Features.Count; f++)
        {
            table.Append(CultureInfo.InvariantCulture, $", f{f} {ViewRelation.SqlType(view.Features[f].Type)}");
        }
        session.Execute(table.Append(')').ToString());

        using var appender = session.CreateAppender("staged");
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var row = rows[i];
            var append = appender.CreateRow()
                .AppendValue(partitionOf[Microseconds.Date(row.EventMicros)])
                .AppendValue(row.EntityKey)
                .AppendValue(row.EventMicros)
                .AppendValue(row.CreatedMicros)
                .AppendValue(row.EventId);
            foreach (var value in row.Values)
            {
                append = value switch
                {
                    null => append.AppendNullValue(),
                    long number => append.AppendValue(number),
                    double number => append.AppendValue(number),
                    string text => append.AppendValue(text),
                    bool flag => append.AppendValue(flag),
                    _ => throw new InvalidOperationException($"unexpected staged value of type {value.GetType().Name}"),
                };
            }
            append.EndRow();
        }
    }

    private static string Copy(FeatureViewDefinition view, string viewVersion, int partition, string path, int rowGroupSize)
    {
        var select = new StringBuilder("SELECT entity_key AS ").Append(OfflineNames.EntityKey)
            .Append(", make_timestamptz(event_us) AS ").Append(OfflineNames.EventTimestamp)
            .Append(", make_timestamptz(created_us) AS ").Append(OfflineNames.CreatedTimestamp)
            .Append(", event_id AS ").Append(OfflineNames.EventId)
            .Append(", ").Append(OfflineNames.Literal(viewVersion)).Append(" AS ").Append(OfflineNames.ViewVersion);
        for (var f = 0; f < view.Features.Count; f++)
        {
            var feature = view.Features[f];
            var value = feature.Type == FeatureType.Timestamp ? $"make_timestamptz(f{f})" : $"f{f}";
            select.Append(", ").Append(value).Append(" AS ").Append(OfflineNames.Identifier(feature.Name));
        }
        select.Append(CultureInfo.InvariantCulture, $" FROM staged WHERE part = {partition} ORDER BY event_us, entity_key");
        return $"COPY ({select}) TO {OfflineNames.Literal(path)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {rowGroupSize})";
    }

    // Best effort: a file left behind is an orphan the manifest does not list, swept on a later open.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
