using System.Globalization;
using System.Runtime.CompilerServices;
using Keel.Features.Definitions;
using Keel.Ingestion.Csv;
using Parquet;
using Parquet.Serialization;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// Reads a Parquet file of dataset records one row group at a time: columns found by name (or
/// header), values converted to the column's feature type where that loses nothing, and rows
/// without an entity column keyed by their row number, as a CSV file's are.
/// </summary>
internal static class ParquetRecords
{
    public static async IAsyncEnumerable<DatasetRecord> ReadAsync(string path, DatasetSchema schema, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        int groups;
        string[] names;
        await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken))
        {
            groups = reader.RowGroupCount;
            names = reader.Schema.DataFields.Select(f => f.Name).ToArray();
        }
        var columns = schema.Columns
            .Select(c => (Column: c, Name: names.Contains(c.Name) ? c.Name : c.Header is { } header && names.Contains(header) ? header : null))
            .ToArray();
        var entityName = schema.EntityColumn is { } entityColumn ? columns.First(p => p.Column.Name == entityColumn).Name : null;
        if (schema.EntityColumn is not null && entityName is null)
        {
            throw new BatchJobException($"'{Path.GetFileName(path)}' has no column for the entity key '{schema.EntityColumn}'.");
        }

        long row = 0;
        for (var group = 0; group < groups; group++)
        {
            stream.Position = 0;
            var data = await ParquetSerializer.DeserializeUntypedAsync(stream, rowGroupIndex: group, cancellationToken: cancellationToken);
            foreach (var item in data.Data)
            {
                row++;
                var values = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
                string? problem = null;
                foreach (var (column, name) in columns)
                {
                    var raw = name is null ? null : item.GetValueOrDefault(name);
                    if (TryConvert(raw, column.Type, out var typed))
                    {
                        values[column.Name] = typed;
                    }
                    else
                    {
                        values[column.Name] = null;
                        if (column.Name != schema.LabelColumn)
                        {
                            problem ??= $"{column.Name}: {raw} ({raw!.GetType().Name}) is not {column.Type.Name()}";
                        }
                    }
                }
                var entity = entityName is null ? row.ToString(CultureInfo.InvariantCulture) : Convert.ToString(item.GetValueOrDefault(entityName), CultureInfo.InvariantCulture);
                yield return new DatasetRecord(row, entity, values, problem);
            }
        }
    }

    /// <summary>A Parquet value as the feature type: widening conversions only, text parsed as a CSV field would be.</summary>
    private static bool TryConvert(object? raw, FeatureType type, out object? typed)
    {
        typed = null;
        switch (raw)
        {
            case null:
                return true;
            case string text when type != FeatureType.String:
                return CsvValueParser.TryParse(text, type, out typed);
        }
        typed = (type, raw) switch
        {
            (FeatureType.Int64, long or int or short or sbyte or byte or ushort or uint) => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
            (FeatureType.Double, double d) when double.IsFinite(d) => d,
            (FeatureType.Double, float or long or int or short or sbyte or byte or ushort or uint) => Convert.ToDouble(raw, CultureInfo.InvariantCulture),
            (FeatureType.String, string s) => s,
            (FeatureType.Bool, bool b) => b,
            (FeatureType.Timestamp, DateTimeOffset t) => t.ToUniversalTime(),
            (FeatureType.Timestamp, DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUniversalTime(),
            _ => null,
        };
        return typed is not null;
    }
}
