using Keel.Features.Definitions;
using Keel.Ingestion.Csv;

namespace Keel.Ingestion.Tests;

public sealed class SchemaInferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-infer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Types_missing_rates_categories_and_names_are_inferred()
    {
        var path = Path.Combine(_dir, "policies.csv");
        File.WriteAllText(path, """
            policy id,premium,claims,active,start,region
            P1,100.5,0,true,2024-01-01,north
            P2,80,,false,2024-02-01T10:00:00Z,south
            P3,90,2,true,2024-03-01,
            P4,,1,false,2024-04-01,north
            """);

        var columns = SchemaInference.Infer(path).ToDictionary(c => c.Name);

        Assert.Equal(FeatureType.String, columns["policy_id"].Type);
        Assert.Equal("policy id", columns["policy_id"].Header);
        Assert.Equal(FeatureType.Double, columns["premium"].Type);
        Assert.Equal(FeatureType.Int64, columns["claims"].Type);
        Assert.True(columns["claims"].Nullable);
        Assert.Equal(0.25, columns["claims"].MissingRate);
        Assert.Equal(FeatureType.Bool, columns["active"].Type);
        Assert.False(columns["active"].Nullable);
        Assert.Equal(FeatureType.Timestamp, columns["start"].Type);
        Assert.Equal(["north", "south"], columns["region"].Categories);
    }
}
