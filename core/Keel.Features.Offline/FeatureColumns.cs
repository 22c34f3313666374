using DuckDB.NET.Data;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// The feature columns of a result being read, <c>view__feature</c> each, filled by frame row
/// index so that rows land in frame order whatever order DuckDB returns them in.
/// </summary>
internal sealed class FeatureColumns
{
    private readonly string[] _names;
    private readonly FeatureType[] _types;
    private readonly object?[][] _values;

    public FeatureColumns(IEnumerable<SelectedFeatures> selected, int rows)
    {
        var columns = selected
            .SelectMany(s => s.Features.Select(f => (Name: FeatureFrame.ColumnName(s.View.Name, f.Name), f.Type)))
            .ToArray();
        _names = [.. columns.Select(c => c.Name)];
        _types = [.. columns.Select(c => c.Type)];
        _values = [.. columns.Select(_ => new object?[rows])];
    }

    public int Count => _names.Length;

    /// <summary>Reads this set's columns of the current result row, starting at <paramref name="ordinal"/>, into frame row <paramref name="row"/>.</summary>
    public void Read(DuckDBDataReader reader, int ordinal, int row)
    {
        for (var c = 0; c < _values.Length; c++)
        {
            _values[c][row] = FeatureValueReader.Read(reader, ordinal + c, _types[c]);
        }
    }

    public IEnumerable<FrameColumn> ToFrameColumns() => _names.Select((name, c) => new FrameColumn(name, _types[c], _values[c]));
}
