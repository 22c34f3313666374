using System.Globalization;
using Keel.Features.Definitions;
using Keel.Ingestion.Csv;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// Reads a CSV file of dataset records as <c>keel ingest</c> does: columns found by header (or
/// name), values parsed by the same parser, and rows without an entity column keyed by their
/// row number, so entity "7" is the seventh record here as it was at ingestion.
/// </summary>
internal static class CsvRecords
{
    private static readonly Dictionary<string, object?> Empty = [];

    public static IEnumerable<DatasetRecord> Read(string path, DatasetSchema schema)
    {
        using var rows = CsvReader.ReadAll(path).GetEnumerator();
        if (!rows.MoveNext())
        {
            yield break;
        }
        var header = rows.Current;
        var (positions, entityIndex) = CsvColumns.Locate(schema, header);
        if (schema.EntityColumn is not null && entityIndex < 0)
        {
            throw new BatchJobException($"'{Path.GetFileName(path)}' has no column for the entity key '{schema.EntityColumn}'.");
        }

        long row = 0;
        while (rows.MoveNext())
        {
            var fields = rows.Current;
            if (fields.Length == 1 && fields[0] is null)
            {
                continue;
            }
            row++;
            if (fields.Length != header.Length)
            {
                yield return new DatasetRecord(row, null, Empty, $"has {fields.Length} fields, the header has {header.Length}");
                continue;
            }
            var values = new Dictionary<string, object?>(positions.Count, StringComparer.Ordinal);
            string? problem = null;
            foreach (var (column, index) in positions)
            {
                var text = index >= 0 ? fields[index] : null;
                if (string.IsNullOrEmpty(text))
                {
                    values[column.Name] = null;
                }
                else if (CsvValueParser.TryParse(text, column.Type, out var typed))
                {
                    values[column.Name] = typed;
                }
                else
                {
                    values[column.Name] = null;
                    if (column.Name != schema.LabelColumn)
                    {
                        problem ??= $"{column.Name}: '{text}' is not {column.Type.Name()}";
                    }
                }
            }
            var entity = entityIndex >= 0 ? fields[entityIndex] : row.ToString(CultureInfo.InvariantCulture);
            yield return new DatasetRecord(row, entity, values, problem);
        }
    }
}
