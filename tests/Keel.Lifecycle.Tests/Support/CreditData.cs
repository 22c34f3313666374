using Keel.Features.Materialization;
using Keel.Features.Records;
using Keel.Features.Registry;
using Keel.Features.Repository;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>
/// A generated credit dataset in the feature store: applicants with an age, income, debt and region,
/// and two labels. <c>fair_default</c> depends on the debt ratio and the region only;
/// <c>biased_default</c> also on being under 35, a protected attribute, so a model of it
/// discriminates by age. Records go through the feature store's own materialization, so training
/// sets come from the offline store as they do in production.
/// </summary>
public static class CreditData
{
    public const string Tenant = "default";
    public const string Service = "credit_model";
    public const string FairLabels = "fair_labels";
    public const string BiasedLabels = "biased_labels";
    public const string FairLabel = "fair_default";
    public const string BiasedLabel = "biased_default";
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Enough rows that each age band of the 20% holdout has about 300 applicants: the bias gate's
    /// group rates then vary by a few points by chance, far inside its 0.1 thresholds.
    /// </summary>
    public const int Applicants = 6000;

    public const string Repository = """
        project: credit
        dataset:
          name: applicants
          entity_column: applicant_id
          entity_key: applicant_id
          label: fair_default
          protected: [age]
          columns:
            - { name: applicant_id, type: string }
            - { name: age, type: int64 }
            - { name: income, type: double }
            - { name: debt, type: double }
            - { name: region, type: string }
            - { name: fair_default, type: bool }
            - { name: biased_default, type: bool }
        entities:
          - { name: applicant, join_key: applicant_id }
        feature_views:
          - name: applicant_features
            entity: applicant
            source: applicants
            features:
              - { name: age, type: int64, description: Age in whole years when applying }
              - { name: income, type: double, description: Yearly income }
              - { name: debt, type: double }
              - { name: debt_to_income, type: double, transform: "ratio(debt, income)" }
              - { name: region, type: string }
          - name: fair_labels
            entity: applicant
            source: applicants
            features:
              - { name: fair_default, type: bool }
          - name: biased_labels
            entity: applicant
            source: applicants
            features:
              - { name: biased_default, type: bool }
        feature_services:
          - name: credit_model
            features: [applicant_features]
        label_view: fair_labels
        """;

    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly double[] RegionEffect = [-0.3, 0.2, 0.0, 0.3];

    public static async Task SeedAsync(IServiceProvider services, int applicants = Applicants, int seed = 17, string keyPrefix = "a")
    {
        var registry = (IFeatureRegistry)services.GetService(typeof(IFeatureRegistry))!;
        var materializer = (FeatureMaterializer)services.GetService(typeof(FeatureMaterializer))!;
        await registry.ApplyAsync(Tenant, FeatureRepositoryFile.Parse(Repository), CancellationToken.None);
        await materializer.MaterializeAsync(Records(applicants, seed, keyPrefix), CancellationToken.None);
    }

    public static IReadOnlyList<IngestedRecord> Records(int applicants, int seed, string keyPrefix)
    {
        var random = new Random(seed);
        var records = new List<IngestedRecord>(applicants);
        for (var i = 0; i < applicants; i++)
        {
            long age = random.Next(25, 65);
            var income = 20_000 + (80_000 * random.NextDouble());
            var debt = income * 0.8 * random.NextDouble();
            var region = random.Next(Regions.Length);
            var fairLogit = -2.2 + (6 * ((debt / income) - 0.4)) + RegionEffect[region];
            var biasedLogit = fairLogit + (age < 35 ? 2.5 : -0.8);
            var draw = random.NextDouble();
            var key = $"{keyPrefix}{i:D5}";
            records.Add(new IngestedRecord(Tenant, "applicants", key, Start.AddMinutes(90 * i), $"evt-{key}", new Dictionary<string, object?>
            {
                ["applicant_id"] = key,
                ["age"] = age,
                ["income"] = income,
                ["debt"] = debt,
                ["region"] = Regions[region],
                // One draw for both labels: the biased label differs from the fair one only where age moved the odds.
                ["fair_default"] = draw < Sigmoid(fairLogit),
                ["biased_default"] = draw < Sigmoid(biasedLogit),
            }));
        }
        return records;
    }

    private static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));
}
