using System.Globalization;
using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary>Argument checks and numeric reads shared by the built-in transformations.</summary>
internal static class Arguments
{
    public static string? Count(IReadOnlyList<string> args, int expected, string usage) =>
        args.Count == expected ? null : $"takes {expected} argument(s): {usage}";

    public static string? NumericColumn(string name, DatasetSchema dataset)
    {
        var column = dataset.Column(name);
        if (column is null)
        {
            return $"column '{name}' is not in dataset '{dataset.Name}'";
        }
        return column.Type is FeatureType.Int64 or FeatureType.Double ? null : $"column '{name}' is {column.Type.Name()}, not numeric";
    }

    public static string? Column(string name, DatasetSchema dataset) =>
        dataset.Column(name) is null ? $"column '{name}' is not in dataset '{dataset.Name}'" : null;

    public static double? Number(IReadOnlyDictionary<string, object?> record, string column) =>
        record.TryGetValue(column, out var value) ? value switch
        {
            long l => l,
            double d when double.IsFinite(d) => d,
            int i => i,
            _ => null,
        } : null;

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
