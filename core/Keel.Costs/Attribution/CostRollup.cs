namespace Keel.Costs.Attribution;

/// <summary>Cost lines grouped under one dimension, largest first; the untagged group is a row like any other.</summary>
public sealed record CostRollup(CostDimension Dimension, IReadOnlyList<CostRollupRow> Rows)
{
    /// <summary>The unrounded sum of the rows, which is the sum of every line: no line is left out of a group.</summary>
    public decimal Total => Rows.Sum(r => r.Cost);

    public static CostRollup Of(IEnumerable<CostLine> lines, CostDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = lines
            .GroupBy(l => CostDimensions.KeyOf(l.Record.Tags, dimension), StringComparer.Ordinal)
            .Select(g => new CostRollupRow(g.Key, g.Sum(l => l.Cost), g.Count()))
            .OrderByDescending(r => r.Cost)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToArray();
        return new CostRollup(dimension, rows);
    }
}

/// <summary>One group: its key, unrounded cost and the number of usage records in it.</summary>
public sealed record CostRollupRow(string Key, decimal Cost, int Records);
