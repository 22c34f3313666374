using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// A columnar result table: entity key, timestamp, then one column per feature named
/// <c>view__feature</c>. Rows keep the order of the frame that asked for them.
/// </summary>
public sealed class FeatureFrame
{
    public const string EntityColumn = "entity_key";
    public const string TimestampColumn = "event_timestamp";

    public FeatureFrame(IReadOnlyList<string> entityKeys, IReadOnlyList<DateTimeOffset> timestamps, IReadOnlyList<FrameColumn> columns)
    {
        EntityKeys = entityKeys;
        Timestamps = timestamps;
        Columns = columns;
        foreach (var column in columns)
        {
            if (column.Values.Count != entityKeys.Count)
            {
                throw new ArgumentException($"Column {column.Name} has {column.Values.Count} values for {entityKeys.Count} rows.");
            }
        }
    }

    public IReadOnlyList<string> EntityKeys { get; }

    public IReadOnlyList<DateTimeOffset> Timestamps { get; }

    public IReadOnlyList<FrameColumn> Columns { get; }

    public int RowCount => EntityKeys.Count;

    public FrameColumn Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The frame has no column '{name}'.");

    public static string ColumnName(string view, string feature) => view + "__" + feature;
}

/// <summary>One column of a <see cref="FeatureFrame"/>; values are typed as the feature (or null).</summary>
public sealed record FrameColumn(string Name, FeatureType Type, IReadOnlyList<object?> Values);
