using System.Globalization;
using Keel.Features.Definitions;
using Keel.Features.Offline;

namespace Keel.Training;

/// <summary>
/// Reads the label column as numbers: 1 or 0 for a binary task (1 = the positive class), the
/// value itself for regression, null where the label is missing (such rows are not trained on).
/// </summary>
internal static class TrainingLabels
{
    public static double?[] Read(FrameColumn column, TrainingSpec spec) =>
        spec.Task == TrainingTask.Binary ? Binary(column, spec.PositiveClass) : Regression(column);

    private static double?[] Binary(FrameColumn column, string? positiveClass)
    {
        switch (column.Type)
        {
            case FeatureType.String:
                var distinct = column.Values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                if (positiveClass is null)
                {
                    throw new ArgumentException($"positive_class: the label '{column.Name}' is text ({Sample(distinct)}); say which value is the positive class.");
                }
                if (!distinct.Contains(positiveClass, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"positive_class: '{positiveClass}' is not a value of the label '{column.Name}' ({Sample(distinct)}).");
                }
                return column.Values.Select(v => v is string s ? (s == positiveClass ? 1.0 : 0.0) : (double?)null).ToArray();
            case FeatureType.Bool:
                var positive = positiveClass is null || bool.Parse(Checked(positiveClass, column.Name, "true or false", s => bool.TryParse(s, out _)));
                return column.Values.Select(v => v is bool b ? (b == positive ? 1.0 : 0.0) : (double?)null).ToArray();
            case FeatureType.Int64 or FeatureType.Double:
                var numbers = column.Values.Select(AsNumber).ToArray();
                if (positiveClass is null)
                {
                    if (numbers.Any(n => n is not null and not 0 and not 1))
                    {
                        throw new ArgumentException($"positive_class: the label '{column.Name}' has values other than 0 and 1; say which value is the positive class.");
                    }
                    return numbers.Select(n => n is { } x ? (x == 1 ? 1.0 : 0.0) : (double?)null).ToArray();
                }
                var target = double.Parse(Checked(positiveClass, column.Name, "a number", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)), CultureInfo.InvariantCulture);
                return numbers.Select(n => n is { } x ? (x == target ? 1.0 : 0.0) : (double?)null).ToArray();
            default:
                throw new ArgumentException($"label: '{column.Name}' is a {column.Type.Name()} column; a binary label is text, bool or a number.");
        }
    }

    private static double?[] Regression(FrameColumn column)
    {
        if (column.Type is not (FeatureType.Int64 or FeatureType.Double))
        {
            throw new ArgumentException($"label: '{column.Name}' is a {column.Type.Name()} column; a regression label is a number.");
        }
        return column.Values.Select(v => AsNumber(v) is { } x && double.IsFinite(x) ? x : (double?)null).ToArray();
    }

    private static double? AsNumber(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => null,
    };

    private static string Checked(string positiveClass, string label, string expected, Func<string, bool> parses) =>
        parses(positiveClass)
            ? positiveClass
            : throw new ArgumentException($"positive_class: '{positiveClass}' cannot be a value of the label '{label}'; expected {expected}.");

    private static string Sample(string[] values) =>
        values.Length <= 10 ? string.Join(", ", values) : string.Join(", ", values.Take(10)) + $", … ({values.Length} values)";
}
