using Keel.Drift.Profiles;
using Keel.Drift.Quality;

namespace Keel.Drift.Tests.Quality;

public class DataQualityChecksTests
{
    private static readonly ProfileSchema Schema = new(new Dictionary<string, FeatureKind>
    {
        ["amount"] = FeatureKind.Numeric,
        ["country"] = FeatureKind.Categorical,
    });

    [Fact]
    public void Data_like_the_reference_passes()
    {
        var reference = Build([(1.0, "NL"), (5.0, "DE"), (3.0, "NL")]);
        var current = Build([(2.0, "DE"), (4.0, "NL")]);

        var report = DataQualityChecks.Check(reference, current);

        Assert.True(report.Passed, report.ToJson());
    }

    [Fact]
    public void A_rise_in_missing_values_beyond_the_margin_is_a_finding()
    {
        var reference = Build([(1.0, "NL"), (2.0, "NL"), (3.0, "NL"), (null, "NL")]);
        var current = Build([(1.0, "NL"), (null, "NL"), (null, "NL"), (null, "NL")]);

        var finding = Assert.Single(DataQualityChecks.Check(reference, current).Findings);

        Assert.Equal(("amount", DataQualityFindingKind.MissingRateRise), (finding.Feature, finding.Kind));
        Assert.Equal(0.25, finding.ReferenceValue);
        Assert.Equal(0.75, finding.CurrentValue);
        Assert.Equal(3, finding.Count);
        // Within a margin of 0.6 the same rise is allowed.
        Assert.True(DataQualityChecks.Check(reference, current, new DataQualityOptions { MissingRateMargin = 0.6 }).Passed);
    }

    [Fact]
    public void Values_outside_the_reference_range_are_counted_on_both_sides()
    {
        var reference = Build([(0.0, "NL"), (10.0, "NL")]);
        var current = Build([(-1.0, "NL"), (5.0, "NL"), (10.0, "NL"), (11.0, "NL"), (12.0, "NL")]);

        var finding = Assert.Single(DataQualityChecks.Check(reference, current).Findings);

        Assert.Equal(DataQualityFindingKind.OutOfRange, finding.Kind);
        Assert.Equal(3, finding.Count);
        Assert.Equal(0.6, finding.Share);
        Assert.Contains("1 below, 2 above", finding.Message);
        Assert.True(finding.Exact);
        Assert.True(DataQualityChecks.Check(reference, current, new DataQualityOptions { OutOfRangeShare = 0.6 }).Passed);
    }

    [Fact]
    public void A_single_extreme_value_in_a_compacted_sketch_is_still_found()
    {
        var builder = new ProfileBuilder(Schema);
        var values = Samples.Normal(4, 50_000);
        foreach (var v in values)
        {
            builder.Add(new Dictionary<string, object?> { ["amount"] = v, ["country"] = "NL" });
        }
        var current = new ProfileBuilder(Schema);
        foreach (var v in values)
        {
            current.Add(new Dictionary<string, object?> { ["amount"] = v, ["country"] = "NL" });
        }
        current.Add(new Dictionary<string, object?> { ["amount"] = 1e6, ["country"] = "NL" });

        var finding = Assert.Single(DataQualityChecks.Check(builder.Profile, current.Profile).Findings);

        Assert.Equal(DataQualityFindingKind.OutOfRange, finding.Kind);
        Assert.True(finding.Count >= 1);
        Assert.False(finding.Exact);
    }

    [Fact]
    public void Categories_the_reference_never_had_are_listed_most_frequent_first()
    {
        var reference = Build([(1.0, "NL"), (1.0, "DE")]);
        var current = Build([(1.0, "NL"), (1.0, "BE"), (1.0, "XX"), (1.0, "XX"), (1.0, "XX")]);

        var finding = Assert.Single(DataQualityChecks.Check(reference, current).Findings);

        Assert.Equal(DataQualityFindingKind.UnseenCategories, finding.Kind);
        Assert.Equal(["XX", "BE"], finding.Values);
        Assert.Equal(4, finding.Count);
        Assert.Equal(0.8, finding.Share);
        Assert.True(finding.Exact);
    }

    [Fact]
    public void A_missing_or_retyped_column_is_a_finding_and_the_report_round_trips()
    {
        var reference = Build([(1.0, "NL")]);
        var current = new ProfileBuilder(new ProfileSchema(new Dictionary<string, FeatureKind> { ["amount"] = FeatureKind.Categorical })).Profile;

        var report = DataQualityChecks.Check(reference, current);

        Assert.Equal([("amount", DataQualityFindingKind.ColumnMismatch), ("country", DataQualityFindingKind.ColumnMismatch)], report.Findings.Select(f => (f.Feature, f.Kind)));
        Assert.Equal(report.ToJson(), DataQualityReport.FromJson(report.ToJson()).ToJson());
    }

    private static DatasetProfile Build((double? Amount, string? Country)[] rows)
    {
        var builder = new ProfileBuilder(Schema);
        foreach (var (amount, country) in rows)
        {
            builder.Add(new Dictionary<string, object?> { ["amount"] = amount, ["country"] = country });
        }
        return builder.Profile;
    }
}
