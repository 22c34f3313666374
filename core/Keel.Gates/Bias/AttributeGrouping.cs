using System.Globalization;
using System.Text.RegularExpressions;
using Keel.Features.Definitions;

namespace Keel.Gates.Bias;

/// <summary>
/// Puts each holdout row of a protected attribute into a group: numeric attributes into buckets
/// ([lower, upper) intervals), categorical ones by value, and missing values into a group of their own.
/// </summary>
public sealed partial class AttributeGrouping
{
    public const string MissingGroup = "(missing)";

    private AttributeGrouping(string[] groupOfRow, IReadOnlyList<string> groups, string description)
    {
        GroupOfRow = groupOfRow;
        Groups = groups;
        Description = description;
    }

    /// <summary>The group of each row, in holdout order.</summary>
    public IReadOnlyList<string> GroupOfRow { get; }

    /// <summary>The groups that have rows, in their natural order (buckets low to high, values sorted, missing last).</summary>
    public IReadOnlyList<string> Groups { get; }

    public string Description { get; }

    public static bool IsNumeric(FeatureType type) => type is FeatureType.Int64 or FeatureType.Double;

    /// <summary>Whether a name reads as an age: a word of it is "age" (Age, age_years, ApplicantAge — not Mileage).</summary>
    public static bool NamedLikeAge(string name) =>
        NameWords().Split(name).Any(word => word.Equals("age", StringComparison.OrdinalIgnoreCase));

    /// <summary>Groups the attribute's rows: by <paramref name="configured"/> buckets when given, else age bands or <paramref name="defaultQuantiles"/> quantile buckets.</summary>
    public static AttributeGrouping Of(ProtectedAttribute attribute, BucketSpec? configured, int defaultQuantiles)
    {
        if (!IsNumeric(attribute.Type))
        {
            return ByValue(attribute);
        }
        var values = attribute.Values.Select((v, row) => ToNumber(attribute, v, row)).ToArray();
        IReadOnlyList<double> edges;
        string description;
        if (configured?.Edges is { } configuredEdges)
        {
            edges = configuredEdges;
            description = $"buckets at {Join(edges)} (configured)";
        }
        else if (configured?.Quantiles is null && NamedLikeAge(attribute.Name))
        {
            edges = BucketSpec.AgeEdges;
            description = $"age bands at {Join(edges)}";
        }
        else
        {
            var count = configured?.Quantiles ?? defaultQuantiles;
            edges = QuantileEdges(values, count);
            description = $"{count} quantile buckets of the holdout, at {(edges.Count == 0 ? "no edges (one value)" : Join(edges))}";
        }

        var labels = Enumerable.Range(0, edges.Count + 1).Select(i => BucketLabel(edges, i)).ToArray();
        var groupOfRow = values.Select(v => v is { } x ? labels[BucketIndex(edges, x)] : MissingGroup).ToArray();
        var present = groupOfRow.ToHashSet();
        var groups = labels.Where(present.Contains).Distinct().ToList();
        if (present.Contains(MissingGroup))
        {
            groups.Add(MissingGroup);
        }
        return new AttributeGrouping(groupOfRow, groups, description);
    }

    private static AttributeGrouping ByValue(ProtectedAttribute attribute)
    {
        var groupOfRow = attribute.Values.Select(Category).ToArray();
        var groups = groupOfRow.Where(g => g != MissingGroup).Distinct().Order(StringComparer.Ordinal).ToList();
        if (groupOfRow.Contains(MissingGroup))
        {
            groups.Add(MissingGroup);
        }
        return new AttributeGrouping(groupOfRow, groups, "by value");
    }

    private static string Category(object? value) => value switch
    {
        null => MissingGroup,
        string s when string.IsNullOrWhiteSpace(s) => MissingGroup,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        double d when double.IsNaN(d) => MissingGroup,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? MissingGroup,
    };

    private static double? ToNumber(ProtectedAttribute attribute, object? value, int row) => value switch
    {
        null => null,
        double d => double.IsNaN(d) ? null : d,
        float f => float.IsNaN(f) ? null : f,
        long or int or short or byte or sbyte or uint or ushort or ulong or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"protected attribute '{attribute.Name}' is {attribute.Type.Name()} but row {row} holds {value} ({value.GetType().Name})"),
    };

    /// <summary>
    /// Edges at the 1/q … (q−1)/q quantiles of the present values; repeated edges (many equal
    /// values) collapse, and an edge at the minimum is dropped since nothing lies below it.
    /// </summary>
    private static IReadOnlyList<double> QuantileEdges(double?[] values, int count)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }
        return Enumerable.Range(1, count - 1)
            .Select(k => sorted[(int)((long)k * sorted.Length / count)])
            .Where(edge => edge > sorted[0])
            .Distinct()
            .ToArray();
    }

    private static int BucketIndex(IReadOnlyList<double> edges, double value)
    {
        var index = 0;
        while (index < edges.Count && value >= edges[index])
        {
            index++;
        }
        return index;
    }

    private static string BucketLabel(IReadOnlyList<double> edges, int index) =>
        edges.Count == 0 ? "all values"
        : index == 0 ? $"< {Number(edges[0])}"
        : index == edges.Count ? $"≥ {Number(edges[^1])}"
        : $"[{Number(edges[index - 1])}, {Number(edges[index])})";

    private static string Join(IReadOnlyList<double> edges) => string.Join(", ", edges.Select(Number));

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // Splits at anything not a letter and where a lower-case letter meets an upper-case one (camelCase).
    [GeneratedRegex("[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")]
    private static partial Regex NameWords();
}
