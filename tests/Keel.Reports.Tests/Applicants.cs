using Keel.Drift.Profiles;
using Keel.Features.Definitions;
using Keel.Monitoring;

namespace Keel.Reports.Tests;

/// <summary>
/// A credit population: age (20–70), income (20,000–100,000), region, and a score rising with income
/// and falling with age. The shifted population is younger (20–35) and richer (60,000–100,000), in
/// the same region mix.
/// </summary>
public static class Applicants
{
    public static readonly string[] Regions = ["north", "south", "east", "west"];

    public static readonly (string Name, FeatureType Type)[] Features =
        [("age", FeatureType.Int64), ("income", FeatureType.Double), ("region", FeatureType.String)];

    public static ProfileSchema Schema { get; } = ReferenceProfiles.SchemaOf(Features);

    public static List<Dictionary<string, object?>> Rows(int count, int seed, bool shifted = false)
    {
        var random = new Random(seed);
        var rows = new List<Dictionary<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            var age = shifted ? random.NextInt64(20, 36) : random.NextInt64(20, 71);
            var income = shifted ? 60_000 + random.NextDouble() * 40_000 : 20_000 + random.NextDouble() * 80_000;
            rows.Add(new Dictionary<string, object?>
            {
                ["age"] = age,
                ["income"] = income,
                ["region"] = Regions[random.Next(Regions.Length)],
                [ReferenceProfiles.ScoreColumn] = 1 / (1 + Math.Exp(-((income - 60_000) / 20_000 - (age - 45) / 10.0))),
            });
        }
        return rows;
    }

    public static DatasetProfile Profile(IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        var builder = new ProfileBuilder(Schema);
        foreach (var row in rows)
        {
            builder.Add(row);
        }
        return builder.Profile;
    }

    /// <summary>The training reference: 2,000 rows of the steady population, with both ends of each range.</summary>
    public static DatasetProfile Reference()
    {
        var rows = Rows(2000, seed: 1);
        rows[0]["age"] = 20L;
        rows[0]["income"] = 20_000.0;
        rows[1]["age"] = 70L;
        rows[1]["income"] = 100_000.0;
        return Profile(rows);
    }
}
