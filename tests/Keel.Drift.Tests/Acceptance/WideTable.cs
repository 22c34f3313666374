using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Acceptance;

/// <summary>
/// Seeded rows of 14 features held as columns: nine numeric (continuous, heavy-tailed, zero-inflated,
/// integer with ties, one with missing values) and five categorical (2 to 500 categories, one with
/// missing values). Every categorical stays within a profile's capacity, so its counts are exact.
/// </summary>
public sealed class WideTable
{
    public static readonly ProfileSchema Schema = new(new Dictionary<string, FeatureKind>
    {
        ["age"] = FeatureKind.Numeric,
        ["income"] = FeatureKind.Numeric,
        ["assets"] = FeatureKind.Numeric,
        ["amount"] = FeatureKind.Numeric,
        ["duration"] = FeatureKind.Numeric,
        ["seniority"] = FeatureKind.Numeric,
        ["ratio"] = FeatureKind.Numeric,
        ["balance"] = FeatureKind.Numeric,
        ["expenses"] = FeatureKind.Numeric,
        ["status"] = FeatureKind.Categorical,
        ["home"] = FeatureKind.Categorical,
        ["job"] = FeatureKind.Categorical,
        ["region"] = FeatureKind.Categorical,
        ["branch"] = FeatureKind.Categorical,
    });

    private static readonly string[] Homes = ["rent", "owner", "parents", "priv", "other", "ignore"];
    private static readonly string[] Jobs = ["fixed", "freelance", "partime", "others"];
    private static readonly string[] Regions = [.. Enumerable.Range(0, 40).Select(i => $"region-{i:D2}")];
    private static readonly string[] Branches = [.. Enumerable.Range(0, 500).Select(i => $"branch-{i:D3}")];

    private readonly Dictionary<string, double?[]> _numeric;
    private readonly Dictionary<string, string?[]> _categorical;

    private WideTable(int rows, Dictionary<string, double?[]> numeric, Dictionary<string, string?[]> categorical)
    {
        Rows = rows;
        _numeric = numeric;
        _categorical = categorical;
    }

    public int Rows { get; }

    public IReadOnlyDictionary<string, double?[]> Numeric => _numeric;

    public IReadOnlyDictionary<string, string?[]> Categorical => _categorical;

    public static WideTable Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var numeric = Schema.Columns.Where(c => c.Value == FeatureKind.Numeric).ToDictionary(c => c.Key, _ => new double?[rows]);
        var categorical = Schema.Columns.Where(c => c.Value == FeatureKind.Categorical).ToDictionary(c => c.Key, _ => new string?[rows]);
        for (var i = 0; i < rows; i++)
        {
            numeric["age"][i] = random.Next(18, 80);
            numeric["income"][i] = Math.Exp(Normal(random, 11, 0.6));
            numeric["assets"][i] = random.NextDouble() < 0.4 ? 0 : Math.Exp(Normal(random, 9, 1.5));
            numeric["amount"][i] = 100 + random.NextDouble() * 4_900;
            numeric["duration"][i] = 6 * random.Next(1, 13);
            numeric["seniority"][i] = Math.Floor(-8 * Math.Log(1 - random.NextDouble()));
            numeric["ratio"][i] = random.NextDouble() < 0.5 ? Normal(random, 0.3, 0.05) : Normal(random, 0.7, 0.1);
            numeric["balance"][i] = random.NextDouble() < 0.05 ? null : Normal(random, 0, 1_000);
            numeric["expenses"][i] = 35 + 10 * Math.Round(Math.Abs(Normal(random, 3, 2)), 1);
            categorical["status"][i] = random.NextDouble() < 0.28 ? "bad" : "good";
            categorical["home"][i] = random.NextDouble() < 0.01 ? null : Homes[Math.Min(Homes.Length - 1, (int)(-1.2 * Math.Log(1 - random.NextDouble())))];
            categorical["job"][i] = Jobs[random.Next(Jobs.Length)];
            categorical["region"][i] = Regions[random.Next(Regions.Length)];
            // Roughly Zipf: a few busy branches, a long tail of quiet ones.
            categorical["branch"][i] = Branches[(int)(Branches.Length * Math.Pow(random.NextDouble(), 2.5))];
        }
        return new WideTable(rows, numeric, categorical);
    }

    /// <summary>
    /// Profiles rows [start, end) one column at a time, which gives each column's profile the same
    /// values in the same order as <see cref="ProfileBuilder"/> would, in less than half the time.
    /// </summary>
    public DatasetProfile Profile(int start, int end)
    {
        var profile = DatasetProfile.Empty(Schema);
        foreach (var (name, values) in _numeric)
        {
            var column = (NumericProfile)profile[name];
            for (var i = start; i < end; i++)
            {
                if (values[i] is { } value)
                {
                    column.Add(value);
                }
                else
                {
                    column.AddMissing();
                }
            }
        }
        foreach (var (name, values) in _categorical)
        {
            var column = (CategoricalProfile)profile[name];
            for (var i = start; i < end; i++)
            {
                if (values[i] is { } value)
                {
                    column.Add(value);
                }
                else
                {
                    column.AddMissing();
                }
            }
        }
        return new DatasetProfile(profile.Features, end - start);
    }

    /// <summary>Profiles rows [start, end) through <see cref="ProfileBuilder"/>, one dictionary per row as a service receives them.</summary>
    public DatasetProfile ProfileByRow(int start, int end)
    {
        var builder = new ProfileBuilder(Schema);
        var row = new Dictionary<string, object?>(Schema.Columns.Count, StringComparer.Ordinal);
        for (var i = start; i < end; i++)
        {
            foreach (var (name, values) in _numeric)
            {
                row[name] = values[i];
            }
            foreach (var (name, values) in _categorical)
            {
                row[name] = values[i];
            }
            builder.Add(row);
        }
        return builder.Profile;
    }

    private static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
