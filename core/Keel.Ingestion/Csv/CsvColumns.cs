using Keel.Features.Definitions;

namespace Keel.Ingestion.Csv;

/// <summary>
/// Where a dataset's columns stand in a CSV header (by their header, else their name; -1 when absent),
/// and the entity column's position: one reading for ingestion and for batch scoring of the same files.
/// </summary>
public sealed record CsvColumns(IReadOnlyList<(ColumnSchema Column, int Index)> Positions, int EntityIndex)
{
    public static CsvColumns Locate(DatasetSchema schema, string?[] header)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var positions = schema.Columns
            .Select(c => (Column: c, Index: Array.FindIndex(header, h => h == (c.Header ?? c.Name))))
            .ToArray();
        return new CsvColumns(positions, IndexOf(positions, schema.EntityColumn));
    }

    /// <summary>The position of a named column, -1 when the schema names none or the header lacks it.</summary>
    public static int IndexOf(IReadOnlyList<(ColumnSchema Column, int Index)> positions, string? column) =>
        column is null ? -1 : positions.First(p => p.Column.Name == column).Index;
}
