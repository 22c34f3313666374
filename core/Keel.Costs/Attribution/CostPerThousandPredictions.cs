using Keel.Costs.Metering;

namespace Keel.Costs.Attribution;

/// <summary>
/// What a thousand predictions cost, per model version: the version's inference cost (training
/// and storage are not per-prediction costs) over its prediction count, times 1,000.
/// </summary>
public static class CostPerThousandPredictions
{
    /// <param name="predictions">Predictions served in the same window, by model and version.</param>
    public static IReadOnlyList<VersionUnitCost> Of(IEnumerable<CostLine> lines, IReadOnlyDictionary<(string Model, string Version), long> predictions)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(predictions);
        var costs = lines
            .Where(l => l.Record.Activity == MeteredActivity.Inference)
            .GroupBy(l => (l.Record.Tags.Model, l.Record.Tags.Version))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Cost));
        return costs.Keys.Union(predictions.Keys)
            .Select(key =>
            {
                var cost = costs.GetValueOrDefault(key);
                var count = predictions.GetValueOrDefault(key);
                return new VersionUnitCost(key.Model, key.Version, cost, count, count > 0 ? cost * 1000m / count : null);
            })
            .OrderBy(v => v.Model, StringComparer.Ordinal)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToArray();
    }
}

/// <summary>A version's inference cost and predictions; <see cref="PerThousand"/> is null when it served none.</summary>
public sealed record VersionUnitCost(string Model, string Version, decimal Cost, long Predictions, decimal? PerThousand);
