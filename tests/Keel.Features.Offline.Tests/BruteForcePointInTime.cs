using Keel.Features.Definitions;

namespace Keel.Features.Offline.Tests;

/// <summary>
/// The point-in-time rule written as plainly as possible, to check the store against: for each
/// frame row, scan every stored row of the view. Timestamps compare at microsecond resolution,
/// as the store keeps them.
/// </summary>
public static class BruteForcePointInTime
{
    public static object?[] Row(FeatureViewDefinition view, IReadOnlyList<FeatureRow> stored, string entity, DateTimeOffset at, IReadOnlyList<string> features)
    {
        var atMicros = Micros(at);
        FeatureRow? best = null;
        foreach (var row in stored)
        {
            if (row.EntityKey != entity || Micros(row.EventTime) > atMicros)
            {
                continue;
            }
            if (best is null || Later(row, best))
            {
                best = row;
            }
        }
        if (best is null || (view.Ttl is { } ttl && atMicros - Micros(best.EventTime) > ttl.Ticks / 10))
        {
            return new object?[features.Count];
        }
        return [.. features.Select(name => Normalize(best.Values[view.Features.ToList().FindIndex(f => f.Name == name)]))];
    }

    /// <summary>The expected frame, column by column, for <paramref name="frame"/> and the selections.</summary>
    public static Dictionary<string, object?[]> Frame(EntityFrame frame, IReadOnlyList<(ViewSelection Selection, IReadOnlyList<FeatureRow> Stored)> views)
    {
        var columns = new Dictionary<string, object?[]>();
        foreach (var (selection, stored) in views)
        {
            var byEntity = stored.ToLookup(r => r.EntityKey);
            for (var f = 0; f < selection.Features.Count; f++)
            {
                columns[FeatureFrame.ColumnName(selection.View.Name, selection.Features[f])] = new object?[frame.Count];
            }
            for (var i = 0; i < frame.Count; i++)
            {
                var values = Row(selection.View, [.. byEntity[frame.EntityKeys[i]]], frame.EntityKeys[i], frame.Timestamps[i], selection.Features);
                for (var f = 0; f < values.Length; f++)
                {
                    columns[FeatureFrame.ColumnName(selection.View.Name, selection.Features[f])][i] = values[f];
                }
            }
        }
        return columns;
    }

    private static bool Later(FeatureRow row, FeatureRow than)
    {
        var byTime = Micros(row.EventTime).CompareTo(Micros(than.EventTime));
        if (byTime != 0)
        {
            return byTime > 0;
        }
        var byCreated = Micros(row.CreatedAt).CompareTo(Micros(than.CreatedAt));
        return byCreated != 0 ? byCreated > 0 : string.CompareOrdinal(row.EventId, than.EventId) > 0;
    }

    private static long Micros(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTime.UnixEpoch.Ticks;
        return ticks >= 0 ? ticks / 10 : (ticks - 9) / 10;
    }

    private static object? Normalize(object? value) => value switch
    {
        DateTimeOffset t => new DateTimeOffset(DateTime.UnixEpoch.Ticks + (Micros(t) * 10), TimeSpan.Zero),
        int i => (long)i,
        _ => value,
    };
}
