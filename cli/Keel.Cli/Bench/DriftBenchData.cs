using System.Globalization;
using System.Reflection;
using Keel.Cli.Platform;
using Keel.Drift;
using Keel.Drift.Profiles;

namespace Keel.Cli.Bench;

/// <summary>
/// Rows for <c>keel bench drift</c>: the credit sample's 14 columns (Status included, as the label
/// is monitored too), resampled with replacement. Numbers get uniform jitter of ±0.5, the rounding
/// interval of the sample's whole numbers, so they become continuous without moving the
/// distribution; missing values stay missing (NaN) and categories are kept as they are.
/// </summary>
public sealed class DriftBenchData
{
    private static readonly string[] Text = ["Status", "Home", "Marital", "Records", "Job"];

    private DriftBenchData(int rows, IReadOnlyDictionary<string, double[]> numeric, IReadOnlyDictionary<string, string?[]> categorical)
    {
        Rows = rows;
        Numeric = numeric;
        Categorical = categorical;
    }

    public int Rows { get; }

    /// <summary>Numeric columns, NaN where the sample had no value.</summary>
    public IReadOnlyDictionary<string, double[]> Numeric { get; }

    public IReadOnlyDictionary<string, string?[]> Categorical { get; }

    public ProfileSchema Schema => new(
        Numeric.Keys.Select(c => KeyValuePair.Create(c, FeatureKind.Numeric))
            .Concat(Categorical.Keys.Select(c => KeyValuePair.Create(c, FeatureKind.Categorical)))
            .ToDictionary(StringComparer.Ordinal));

    /// <summary>The sample itself: 4,454 rows.</summary>
    public static DriftBenchData LoadSample()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Keel.Sample." + SampleData.CsvName)
            ?? throw new InvalidOperationException($"The sample resource {SampleData.CsvName} is missing from the keel assembly.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var fields = lines.Skip(1).Select(l => l.Split(',').Select(f => f.Trim('"')).ToArray()).ToArray();
        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
        {
            if (Text.Contains(header[c]))
            {
                // Interned, so a resampled column holds references to a handful of strings.
                categorical[header[c]] = fields.Select(f => f[c].Length == 0 ? null : string.Intern(f[c])).ToArray();
            }
            else
            {
                numeric[header[c]] = fields.Select(f => f[c].Length == 0 ? double.NaN : double.Parse(f[c], CultureInfo.InvariantCulture)).ToArray();
            }
        }
        return new DriftBenchData(fields.Length, numeric, categorical);
    }

    /// <summary>Draws <paramref name="rows"/> rows of this sample with replacement, whole rows at a time, and jitters the numbers.</summary>
    public DriftBenchData Resample(int rows, int seed)
    {
        var random = new Random(seed);
        var picks = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            picks[i] = random.Next(Rows);
        }
        var numeric = Numeric.ToDictionary(c => c.Key, c =>
        {
            var values = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                values[i] = c.Value[picks[i]] + random.NextDouble() - 0.5;
            }
            return values;
        }, StringComparer.Ordinal);
        var categorical = Categorical.ToDictionary(c => c.Key, c =>
        {
            var values = new string?[rows];
            for (var i = 0; i < rows; i++)
            {
                values[i] = c.Value[picks[i]];
            }
            return values;
        }, StringComparer.Ordinal);
        return new DriftBenchData(rows, numeric, categorical);
    }
}
