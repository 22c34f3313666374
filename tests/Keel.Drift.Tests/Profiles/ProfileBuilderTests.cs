using System.Text.Json;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Profiles;

public class ProfileBuilderTests
{
    internal static readonly ProfileSchema Schema = new(
        new Dictionary<string, FeatureKind>
        {
            ["amount"] = FeatureKind.Numeric,
            ["country"] = FeatureKind.Categorical,
            ["is_new"] = FeatureKind.Binary,
        },
        scoreColumn: "score");

    [Fact]
    public void Values_of_every_supported_type_land_in_their_columns()
    {
        var builder = new ProfileBuilder(Schema);

        builder.Add(Row(12L, "NL", true, 0.9));
        builder.Add(Row(3, "DE", 0L, 0.1f));
        builder.Add(Row(2.5f, 7, 1.0, "0.5"));
        builder.Add(Row(null, null, null, null));
        builder.Add(new Dictionary<string, object?> { ["amount"] = DateTimeOffset.FromUnixTimeSeconds(100) });

        var profile = builder.Profile;
        var amount = (NumericProfile)profile["amount"];
        var country = (CategoricalProfile)profile["country"];
        var isNew = (BinaryProfile)profile["is_new"];
        Assert.Equal(5, profile.Rows);
        Assert.Equal(4, amount.Count);
        Assert.Equal(1, amount.Missing);
        Assert.Equal(100, amount.Max);
        Assert.Equal(["7", "DE", "NL"], country.Counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, country.Missing);
        Assert.Equal(2, isNew.Positives);
        Assert.Equal(3, isNew.Count);
        Assert.Equal(3, profile.Score!.Count);
        Assert.Equal(0.5, profile.Score.Mean, 1e-7);
    }

    [Fact]
    public void Rows_parsed_from_JSON_are_read_from_their_elements()
    {
        var builder = new ProfileBuilder(Schema);
        var row = JsonSerializer.Deserialize<Dictionary<string, object?>>("""{"amount": 4.5, "country": "FR", "is_new": false, "score": null}""")!;

        builder.Add(row);

        Assert.Equal(4.5, ((NumericProfile)builder.Profile["amount"]).Mean);
        Assert.Equal(1, ((CategoricalProfile)builder.Profile["country"]).CountOf("FR"));
        Assert.Equal(1, builder.Profile.Score!.Missing);
    }

    [Fact]
    public void A_row_with_an_unreadable_value_throws_naming_the_column_and_changes_nothing()
    {
        var builder = new ProfileBuilder(Schema);
        builder.Add(Row(1.0, "NL", true, 0.5));
        var before = builder.Profile.ToJson();

        var error = Assert.Throws<FormatException>(() => builder.Add(Row(2.0, "DE", "maybe", 0.5)));

        Assert.Contains("is_new", error.Message);
        Assert.Equal(before, builder.Profile.ToJson());
    }

    [Fact]
    public void A_dataset_profile_survives_a_JSON_round_trip_and_merges_as_the_original_would()
    {
        var original = Build(seed: 1, rows: 5_000);
        var more = Build(seed: 2, rows: 3_000);
        var json = original.ToJson();

        var restored = DatasetProfile.FromJson(json);

        Assert.Equal(json, restored.ToJson());
        Assert.False(((NumericProfile)restored["amount"]).Sketch.IsExact);
        // The sketch's coin is stored too, so the restored profile merges exactly as the original does.
        original.Merge(more);
        restored.Merge(DatasetProfile.FromJson(more.ToJson()));
        Assert.Equal(original.ToJson(), restored.ToJson());
        Assert.Equal(8_000, restored.Rows);
    }

    [Fact]
    public void Profiles_of_different_columns_do_not_merge_and_stay_as_they_were()
    {
        var profile = Build(seed: 1, rows: 10);
        var other = DatasetProfile.Empty(new ProfileSchema(new Dictionary<string, FeatureKind> { ["amount"] = FeatureKind.Categorical, ["country"] = FeatureKind.Categorical, ["is_new"] = FeatureKind.Binary }, "score"));
        var before = profile.ToJson();

        Assert.Throws<ArgumentException>(() => profile.Merge(other));
        Assert.Equal(before, profile.ToJson());
    }

    [Fact]
    public void Tampered_JSON_whose_counts_disagree_is_rejected()
    {
        var json = Build(seed: 1, rows: 10).ToJson().Replace("\"positives\":", "\"positives\":1000", StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => DatasetProfile.FromJson(json));
        Assert.Contains("positives 1000", error.Message);
    }

    internal static DatasetProfile Build(int seed, int rows, double shift = 0)
    {
        var builder = new ProfileBuilder(Schema, new ProfileOptions { Seed = (ulong)seed });
        var amounts = Samples.Normal(seed, rows, mean: 100 + shift * 15, sd: 15);
        var countries = Samples.Categories(seed, rows, ("NL", 0.5), ("DE", 0.3), ("FR", 0.2));
        var isNew = Samples.Bernoulli(seed, rows, 0.3);
        for (var i = 0; i < rows; i++)
        {
            builder.Add(Row(amounts[i], countries[i], isNew[i], 1 / (1 + Math.Exp(-amounts[i] / 100))));
        }
        return builder.Profile;
    }

    internal static Dictionary<string, object?> Row(object? amount, object? country, object? isNew, object? score) => new()
    {
        ["amount"] = amount,
        ["country"] = country,
        ["is_new"] = isNew,
        ["score"] = score,
    };
}
