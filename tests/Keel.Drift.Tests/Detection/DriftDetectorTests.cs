using Keel.Drift.Detection;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Detection;

public class DriftDetectorTests
{
    private static readonly ProfileSchema Schema = new(
        new Dictionary<string, FeatureKind>
        {
            ["amount"] = FeatureKind.Numeric,
            ["country"] = FeatureKind.Categorical,
            ["is_new"] = FeatureKind.Binary,
        },
        scoreColumn: "score");

    [Theory]
    [InlineData(800, DriftMethod.KolmogorovSmirnov, DriftMethod.ChiSquared, DriftMethod.ZTest)]
    [InlineData(5_000, DriftMethod.Wasserstein, DriftMethod.JensenShannon, DriftMethod.JensenShannon)]
    public void The_same_distribution_does_not_drift(int rows, DriftMethod numeric, DriftMethod categorical, DriftMethod binary)
    {
        // Any fixed pair of samples is in a test's 5% tail now and then (seeds 1 and 2 are, for KS at
        // 800 rows); the false-alarm rate itself is measured over many pairs in the test below.
        var report = DriftDetector.Compare(Traffic(seed: 101, rows), Traffic(seed: 202, rows));

        Assert.Equal([numeric, categorical, binary], [report.Feature("amount")!.Method!.Value, report.Feature("country")!.Method!.Value, report.Feature("is_new")!.Method!.Value]);
        Assert.All(report.Features, f => Assert.False(f.Drifted, $"{f.Feature}: {f.Method} {f.Statistic} p={f.PValue}"));
        Assert.False(report.Score!.Drifted);
        Assert.False(report.DatasetDrift);
        Assert.Equal(0, report.DriftShare);
    }

    [Theory]
    [InlineData(800, DriftMethod.KolmogorovSmirnov, DriftMethod.ChiSquared, DriftMethod.ZTest)]
    [InlineData(5_000, DriftMethod.Wasserstein, DriftMethod.JensenShannon, DriftMethod.JensenShannon)]
    public void A_shifted_distribution_drifts_with_each_default_method(int rows, DriftMethod numeric, DriftMethod categorical, DriftMethod binary)
    {
        var report = DriftDetector.Compare(Traffic(seed: 1, rows), Traffic(seed: 2, rows, shifted: true));

        Assert.Equal([numeric, categorical, binary], [report.Feature("amount")!.Method!.Value, report.Feature("country")!.Method!.Value, report.Feature("is_new")!.Method!.Value]);
        Assert.All(report.Features, f => Assert.True(f.Drifted, $"{f.Feature}: {f.Method} {f.Statistic} p={f.PValue}"));
        Assert.True(report.Score!.Drifted);
        Assert.True(report.DatasetDrift);
        Assert.Equal(3, report.DriftedColumns);
    }

    [Fact]
    public void Tests_on_samples_of_the_same_distribution_raise_about_five_percent_false_alarms()
    {
        const int pairs = 200;
        var alarms = new Dictionary<string, int> { ["amount"] = 0, ["country"] = 0, ["is_new"] = 0 };

        for (var i = 0; i < pairs; i++)
        {
            var report = DriftDetector.Compare(Traffic(seed: 2 * i + 1, 300), Traffic(seed: 2 * i + 2, 300));
            foreach (var feature in report.Features.Where(f => f.Drifted))
            {
                alarms[feature.Feature]++;
            }
        }

        // At α = 0.05 the rate is 5% ± 1.5% over 200 pairs; a one-sample test used on two samples
        // (chi-squared goodness of fit against the reference) lands near 20%.
        Assert.All(alarms, a => Assert.True(a.Value <= 0.09 * pairs, $"{a.Key}: {a.Value} false alarms in {pairs}"));
    }

    [Fact]
    public void The_mean_moved_by_one_standard_deviation_is_a_normalised_Wasserstein_distance_of_about_one()
    {
        var report = DriftDetector.Compare(Traffic(seed: 1, 20_000), Traffic(seed: 2, 20_000, shifted: true));

        Assert.Equal(1.0, report.Feature("amount")!.Statistic!.Value, 0.05);
    }

    [Theory]
    [InlineData(1_000, DriftMethod.KolmogorovSmirnov, DriftMethod.ChiSquared, DriftMethod.ZTest)]
    [InlineData(1_001, DriftMethod.Wasserstein, DriftMethod.JensenShannon, DriftMethod.JensenShannon)]
    public void Tests_give_way_to_distances_above_a_thousand_reference_values(int rows, DriftMethod numeric, DriftMethod categorical, DriftMethod binary)
    {
        var reference = Traffic(seed: 1, rows);
        // Missing values do not count towards the reference size.
        for (var i = 0; i < 100; i++)
        {
            reference["amount"].AddMissing();
        }

        var report = DriftDetector.Compare(reference, Traffic(seed: 2, 50));

        Assert.Equal(numeric, report.Feature("amount")!.Method);
        Assert.Equal(categorical, report.Feature("country")!.Method);
        Assert.Equal(binary, report.Feature("is_new")!.Method);
    }

    [Theory]
    [InlineData(new[] { 0.0, 1 }, 100, DriftMethod.ZTest)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 100, DriftMethod.ChiSquared)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6 }, 100, DriftMethod.KolmogorovSmirnov)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 2_000, DriftMethod.JensenShannon)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6 }, 2_000, DriftMethod.Wasserstein)]
    public void Numeric_columns_with_few_values_are_tested_as_Evidently_does(double[] values, int rows, DriftMethod expected)
    {
        var reference = new NumericProfile();
        var current = new NumericProfile();
        for (var i = 0; i < rows; i++)
        {
            reference.Add(values[i % values.Length]);
            current.Add(values[(i + 1) % values.Length]);
        }

        var drift = DriftDetector.CompareFeature("x", reference, current);

        Assert.Equal(expected, drift.Method);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Kolmogorov_Smirnov_on_profiles_of_small_samples_is_exact()
    {
        var drift = DriftDetector.CompareFeature("x", Numbers(Enumerable.Range(1, 10)), Numbers(Enumerable.Range(4, 12)));

        Assert.Equal(DriftMethod.KolmogorovSmirnov, drift.Method);
        Assert.Equal(5.0 / 12, drift.Statistic!.Value, 1e-15);
        Assert.Equal(0.22696262035257975, drift.PValue!.Value, 1e-12);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Psi_bins_at_the_reference_quantiles()
    {
        var policy = new DriftPolicy { QuantileBins = 2 };
        var options = new ColumnDriftOptions { Method = DriftMethod.Psi };

        // The reference median 5 splits 1..10 in halves; the current data puts 3 at or below it and 7 above.
        var drift = DriftDetector.CompareFeature("x", Numbers(Enumerable.Range(1, 10)), Numbers([1, 2, 3, 6, 7, 8, 9, 10, 11, 12]), policy, options);

        Assert.Equal(0.2 * Math.Log(0.5 / 0.3) - 0.2 * Math.Log(0.5 / 0.7), drift.Statistic!.Value, 1e-14);
        Assert.True(drift.Drifted);
        Assert.Equal(0.1, drift.Threshold);
    }

    [Fact]
    public void Chi_squared_tests_both_sides_counts_for_homogeneity()
    {
        var reference = Categories(("a", 50), ("b", 30), ("c", 20));
        var current = Categories(("a", 30), ("b", 30), ("c", 40));

        var drift = DriftDetector.CompareFeature("x", reference, current);

        // Pooled shares 0.4, 0.3, 0.3 give expected 40, 30, 30 on each side:
        // χ² = 2·(10²/40 + 0 + 10²/30) = 35/3 with 2 degrees of freedom, p = e^(−35/6).
        Assert.Equal(DriftMethod.ChiSquared, drift.Method);
        Assert.Equal(35.0 / 3, drift.Statistic!.Value, 1e-12);
        Assert.Equal(Math.Exp(-35.0 / 6), drift.PValue!.Value, 1e-15);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void The_z_test_on_binary_profiles_matches_the_hand_computation()
    {
        var drift = DriftDetector.CompareFeature("x", Binary(50, 100), Binary(65, 100));

        Assert.Equal(DriftMethod.ZTest, drift.Method);
        Assert.Equal(-2.1455956195564547, drift.Statistic!.Value, 1e-12);
        Assert.Equal(0.03190525523659656, drift.PValue!.Value, 1e-12);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Jensen_Shannon_on_categories_uses_the_shares_with_empty_categories_smoothed()
    {
        var reference = Categories(("a", 1_500), ("b", 500));
        var current = Categories(("a", 1_000), ("b", 500), ("c", 500));

        var drift = DriftDetector.CompareFeature("x", reference, current);

        Assert.Equal(DriftMethod.JensenShannon, drift.Method);
        Assert.Equal(Keel.Drift.Metrics.JensenShannon.Distance([0.75, 0.25, 0.0001], [0.5, 0.25, 0.25]), drift.Statistic!.Value, 1e-15);
    }

    [Theory]
    [InlineData(2, 0.5, true)]
    [InlineData(2, 0.6, false)]
    [InlineData(1, 0.5, false)]
    public void The_dataset_drifts_when_the_share_of_drifted_columns_reaches_the_threshold(int shiftedColumns, double share, bool drifts)
    {
        var columns = Enumerable.Range(0, 4).ToDictionary(i => $"f{i}", _ => FeatureKind.Numeric);
        var schema = new ProfileSchema(columns);
        var reference = new ProfileBuilder(schema);
        var current = new ProfileBuilder(schema);
        var a = Samples.Normal(1, 2_000);
        var b = Samples.Normal(2, 2_000);
        for (var i = 0; i < a.Length; i++)
        {
            reference.Add(columns.Keys.ToDictionary(c => c, object? (_) => a[i]));
            current.Add(columns.Keys.Select((c, j) => (c, j)).ToDictionary(x => x.c, object? (x) => b[i] + (x.j < shiftedColumns ? 1 : 0)));
        }

        var report = DriftDetector.Compare(reference.Profile, current.Profile, new DriftPolicy { DatasetDriftShare = share });

        Assert.Equal(shiftedColumns, report.DriftedColumns);
        Assert.Equal(shiftedColumns / 4.0, report.DriftShare);
        Assert.Equal(drifts, report.DatasetDrift);
    }

    [Fact]
    public void A_column_override_changes_the_method_and_the_threshold()
    {
        var policy = new DriftPolicy
        {
            Columns = new Dictionary<string, ColumnDriftOptions>
            {
                ["amount"] = new() { Method = DriftMethod.KolmogorovSmirnov, Threshold = 0.01 },
                ["country"] = new() { Threshold = 0.5 },
            },
        };

        var report = DriftDetector.Compare(Traffic(seed: 1, 5_000), Traffic(seed: 2, 5_000, shifted: true), policy);

        Assert.Equal((DriftMethod.KolmogorovSmirnov, 0.01), (report.Feature("amount")!.Method!.Value, report.Feature("amount")!.Threshold!.Value));
        Assert.True(report.Feature("amount")!.Drifted);
        Assert.Equal((DriftMethod.JensenShannon, 0.5), (report.Feature("country")!.Method!.Value, report.Feature("country")!.Threshold!.Value));
        Assert.False(report.Feature("country")!.Drifted);
    }

    [Fact]
    public void A_policy_naming_an_unknown_column_or_a_method_that_does_not_apply_is_rejected()
    {
        var reference = Traffic(seed: 1, 100);
        var unknown = new DriftPolicy { Columns = new Dictionary<string, ColumnDriftOptions> { ["amuont"] = new() { Threshold = 0.2 } } };
        var wrongKind = new DriftPolicy { Columns = new Dictionary<string, ColumnDriftOptions> { ["country"] = new() { Method = DriftMethod.Wasserstein } } };

        Assert.Contains("amuont", Assert.Throws<ArgumentException>(() => DriftDetector.Compare(reference, reference, unknown)).Message);
        Assert.Contains("country", Assert.Throws<ArgumentException>(() => DriftDetector.Compare(reference, reference, wrongKind)).Message);
        Assert.Throws<ArgumentException>(() => DriftDetector.Compare(reference, reference, new DriftPolicy { DatasetDriftShare = 0 }));
    }

    [Fact]
    public void A_column_without_current_values_is_skipped_and_not_counted()
    {
        var onlyMissing = new ProfileBuilder(Schema);
        for (var i = 0; i < 10; i++)
        {
            onlyMissing.Add(new Dictionary<string, object?> { ["country"] = "NL", ["is_new"] = true });
        }

        var report = DriftDetector.Compare(Traffic(seed: 1, 200), onlyMissing.Profile);

        Assert.NotNull(report.Feature("amount")!.Skipped);
        Assert.NotNull(report.Score!.Skipped);
        Assert.Equal(2, report.ComparedColumns);
    }

    [Fact]
    public void A_report_survives_a_JSON_round_trip()
    {
        var report = DriftDetector.Compare(Traffic(seed: 1, 800), Traffic(seed: 2, 800, shifted: true));

        var restored = DriftReport.FromJson(report.ToJson());

        Assert.Equal(report.Features, restored.Features);
        Assert.Equal(report.Score, restored.Score);
        Assert.Equal(report.ToJson(), restored.ToJson());
        Assert.Contains("\"method\": \"kolmogorovSmirnov\"", report.ToJson());
    }

    /// <summary>Traffic whose shifted version has the amount one standard deviation higher, other countries and more new customers.</summary>
    private static DatasetProfile Traffic(int seed, int rows, bool shifted = false)
    {
        var builder = new ProfileBuilder(Schema, new ProfileOptions { Seed = (ulong)seed });
        var amounts = Samples.Normal(seed, rows, mean: shifted ? 115 : 100, sd: 15);
        var countries = shifted
            ? Samples.Categories(seed, rows, ("NL", 0.25), ("DE", 0.35), ("FR", 0.4))
            : Samples.Categories(seed, rows, ("NL", 0.5), ("DE", 0.3), ("FR", 0.2));
        var isNew = Samples.Bernoulli(seed, rows, shifted ? 0.6 : 0.3);
        for (var i = 0; i < rows; i++)
        {
            builder.Add(new Dictionary<string, object?>
            {
                ["amount"] = amounts[i],
                ["country"] = countries[i],
                ["is_new"] = isNew[i],
                ["score"] = 1 / (1 + Math.Exp(-(amounts[i] - 100) / 15)),
            });
        }
        return builder.Profile;
    }

    private static NumericProfile Numbers(IEnumerable<int> values)
    {
        var profile = new NumericProfile();
        foreach (var v in values)
        {
            profile.Add(v);
        }
        return profile;
    }

    private static CategoricalProfile Categories(params (string Category, int Count)[] counts)
    {
        var profile = new CategoricalProfile();
        foreach (var (category, count) in counts)
        {
            for (var i = 0; i < count; i++)
            {
                profile.Add(category);
            }
        }
        return profile;
    }

    private static BinaryProfile Binary(int positives, int n)
    {
        var profile = new BinaryProfile();
        for (var i = 0; i < n; i++)
        {
            profile.Add(i < positives);
        }
        return profile;
    }
}
