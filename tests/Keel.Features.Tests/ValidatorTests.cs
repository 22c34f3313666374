using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Features.Transformations;

namespace Keel.Features.Tests;

public class ValidatorTests
{
    private static IReadOnlyList<string> Validate(FeatureRepository repository) =>
        FeatureRepositoryValidator.Validate(repository, TransformationCatalog.Default);

    [Fact]
    public void The_sample_is_valid() => Assert.Empty(Validate(SampleRepository.Create()));

    [Fact]
    public void A_feature_from_a_missing_column_is_named()
    {
        var repository = SampleRepository.Create();
        var view = repository.FeatureViews[0] with { Features = [new FeatureDefinition { Name = "salary", Type = FeatureType.Double }] };

        var errors = Validate(repository with { FeatureViews = [view, repository.FeatureViews[1]] });

        Assert.Contains(errors, e => e.Contains("'salary'") && e.Contains("not in dataset"));
    }

    [Fact]
    public void A_narrowing_type_is_refused_but_int_to_double_is_allowed()
    {
        var repository = SampleRepository.Create();
        var view = repository.FeatureViews[0] with
        {
            Features = [new FeatureDefinition { Name = "amount", Type = FeatureType.Int64 }, new FeatureDefinition { Name = "age", Type = FeatureType.Double }],
        };

        var errors = Validate(repository with { FeatureViews = [view, repository.FeatureViews[1]] });

        Assert.Equal("feature view 'loan_features', feature 'amount': column 'amount' is double but the feature is declared int64", Assert.Single(errors));
    }

    [Fact]
    public void Unknown_and_misused_transformations_are_named()
    {
        var repository = SampleRepository.Create();
        var view = repository.FeatureViews[0] with
        {
            Features =
            [
                new FeatureDefinition { Name = "a", Type = FeatureType.Double, Transform = new TransformationSpec("sqrt", ["amount"]) },
                new FeatureDefinition { Name = "b", Type = FeatureType.Double, Transform = new TransformationSpec("ratio", ["amount", "purpose"]) },
                new FeatureDefinition { Name = "c", Type = FeatureType.String, Transform = new TransformationSpec("log1p", ["amount"]) },
            ],
        };

        var errors = Validate(repository with { FeatureViews = [view, repository.FeatureViews[1]] });

        Assert.Contains(errors, e => e.Contains("unknown transformation 'sqrt'"));
        Assert.Contains(errors, e => e.Contains("'purpose' is string, not numeric"));
        Assert.Contains(errors, e => e.Contains("produces double but the feature is declared string"));
    }

    [Fact]
    public void Services_must_name_existing_views_and_unique_features()
    {
        var repository = SampleRepository.Create() with
        {
            FeatureServices =
            [
                new FeatureServiceDefinition { Name = "s1", Features = [new FeatureReference("nope", [])] },
                new FeatureServiceDefinition { Name = "s2", Features = [new FeatureReference("loan_features", ["age"]), new FeatureReference("loan_features", ["age"])] },
                new FeatureServiceDefinition { Name = "s3", Features = [new FeatureReference("loan_features", ["height"])] },
            ],
        };

        var errors = Validate(repository);

        Assert.Contains(errors, e => e.Contains("'s1'") && e.Contains("'nope'"));
        Assert.Contains(errors, e => e.Contains("'age'") && e.Contains("more than once"));
        Assert.Contains(errors, e => e.Contains("'loan_features:height'"));
    }

    [Fact]
    public void Names_that_cannot_be_paths_or_keys_are_refused()
    {
        var repository = SampleRepository.Create();
        var view = repository.FeatureViews[0] with { Name = "../etc" };

        var errors = Validate(repository with { FeatureViews = [view, repository.FeatureViews[1]], LabelView = null, FeatureServices = [] });

        Assert.Contains(errors, e => e.Contains("'../etc' is not a valid name"));
    }
}
