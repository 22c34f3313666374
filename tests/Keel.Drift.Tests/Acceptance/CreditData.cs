using System.Globalization;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Acceptance;

/// <summary>
/// data/credit_data.csv: 4,454 applicants with real missing values (an empty field). Status is the
/// label, so the profiled features are the other 13: nine numeric and four categorical.
/// </summary>
internal static class CreditData
{
    public const string Label = "Status";

    private static readonly string[] Text = ["Status", "Home", "Marital", "Records", "Job"];

    private static readonly Lazy<(string[] Header, IReadOnlyList<Dictionary<string, object?>> Rows)> Loaded = new(Load);

    public static IReadOnlyList<Dictionary<string, object?>> Rows => Loaded.Value.Rows;

    public static ProfileSchema Schema { get; } = new(
        Loaded.Value.Header.Where(c => c != Label).ToDictionary(c => c, c => Text.Contains(c) ? FeatureKind.Categorical : FeatureKind.Numeric, StringComparer.Ordinal));

    public static DatasetProfile Profile(IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        var builder = new ProfileBuilder(Schema);
        foreach (var row in rows)
        {
            builder.Add(row);
        }
        return builder.Profile;
    }

    private static (string[], IReadOnlyList<Dictionary<string, object?>>) Load()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "credit_data.csv"));
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var fields = line.Split(',');
            var row = new Dictionary<string, object?>(header.Length, StringComparer.Ordinal);
            for (var c = 0; c < header.Length; c++)
            {
                var text = fields[c].Trim('"');
                row[header[c]] = text.Length == 0 ? null : Text.Contains(header[c]) ? text : long.Parse(text, CultureInfo.InvariantCulture);
            }
            return row;
        }).ToArray();
        return (header, rows);
    }
}
