using System.Globalization;
using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Explain.Tests;

/// <summary>
/// data/credit_data.csv (4,454 applicants, 415 rows with a missing value) as the point-in-time
/// training set the credit feature service would produce: Status is the label ("bad" is the
/// positive class), Age and Marital are protected attributes, rows are keyed by row number.
/// </summary>
public static class CreditSample
{
    public const string Service = "credit_model";

    private static readonly string[] Text = ["Status", "Home", "Marital", "Records", "Job"];

    private static readonly Lazy<TrainingSet> Loaded = new(Load);

    public static TrainingSet Set => Loaded.Value;

    public static TrainingSpec Spec(ModelType type, double holdoutFraction = 0.2) => new()
    {
        Name = "credit_risk",
        FeatureService = Service,
        Label = "Status",
        PositiveClass = "bad",
        ModelType = type,
        HoldoutFraction = holdoutFraction,
        ProtectedAttributes = ["Age", "Marital"],
        HyperParameters = Synthetic.Small(type),
    };

    private static TrainingSet Load()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "credit_data.csv"));
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var columns = header.Select((name, c) =>
        {
            var type = Text.Contains(name) ? FeatureType.String : FeatureType.Int64;
            var values = rows.Select(row => Parse(row[c], type)).ToArray();
            return new FrameColumn(name, type, values);
        }).ToArray();
        var frame = new FeatureFrame(
            rows.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray(),
            rows.Select((_, i) => start.AddMinutes(i)).ToArray(),
            columns);
        return new TrainingSet(Service, "credit_labels", "Status", new Dictionary<string, string> { ["credit_features"] = "v1" }, frame);
    }

    private static object? Parse(string raw, FeatureType type)
    {
        var text = raw.Trim('"');
        if (text.Length == 0)
        {
            return null;
        }
        return type == FeatureType.String ? text : long.Parse(text, CultureInfo.InvariantCulture);
    }
}
