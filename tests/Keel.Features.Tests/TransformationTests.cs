using Keel.Features.Definitions;
using Keel.Features.Transformations;

namespace Keel.Features.Tests;

public class TransformationTests
{
    private static object? Run(string kind, string[] args, Dictionary<string, object?> record)
    {
        Assert.True(TransformationCatalog.Default.TryGet(kind, out var transformation));
        Assert.Null(transformation.Check(args, SampleRepository.Dataset).Error);
        return transformation.Apply(args, record);
    }

    [Fact]
    public void Ratio_divides_and_is_null_on_missing_or_zero()
    {
        Assert.Equal(0.5, Run("ratio", ["amount", "income"], new() { ["amount"] = 50.0, ["income"] = 100L }));
        Assert.Null(Run("ratio", ["amount", "income"], new() { ["amount"] = 50.0, ["income"] = 0L }));
        Assert.Null(Run("ratio", ["amount", "income"], new() { ["amount"] = 50.0, ["income"] = null }));
    }

    [Fact]
    public void Log1p_bucket_equals_and_is_missing_compute_their_values()
    {
        Assert.Equal(Math.Log(101), Run("log1p", ["amount"], new() { ["amount"] = 100.0 }));
        Assert.Equal(2L, Run("bucket", ["age", "18", "30", "60"], new() { ["age"] = 45L }));
        Assert.Equal(0L, Run("bucket", ["age", "18", "30", "60"], new() { ["age"] = 17L }));
        Assert.Equal(3L, Run("bucket", ["age", "18", "30", "60"], new() { ["age"] = 60L }));
        Assert.Equal(true, Run("equals", ["purpose", "car"], new() { ["purpose"] = "car" }));
        Assert.Equal(false, Run("equals", ["purpose", "car"], new() { ["purpose"] = "home" }));
        Assert.Equal(true, Run("is_missing", ["income"], new() { ["income"] = null }));
    }

    [Fact]
    public void A_custom_transformation_registered_by_the_application_is_used_and_versioned()
    {
        var catalog = new TransformationCatalog([new Doubled()]);
        var repository = SampleRepository.Create();
        var view = repository.FeatureViews[0] with
        {
            Features = [new FeatureDefinition { Name = "twice", Type = FeatureType.Double, Transform = new TransformationSpec("doubled", ["amount"]) }],
        };

        var (compiled, errors) = FeatureViewCompiler.Compile(view, "v", SampleRepository.Dataset, catalog);

        Assert.Empty(errors);
        Assert.Equal([42.0], compiled!.Evaluate(new Dictionary<string, object?> { ["amount"] = 21.0 }));
        Assert.NotEqual(
            Repository.DefinitionVersions.OfView(view, catalog),
            Repository.DefinitionVersions.OfView(view, new TransformationCatalog([new Doubled { Version = 2 }])));
    }

    private sealed class Doubled : IFeatureTransformation
    {
        public string Kind => "doubled";

        public int Version { get; init; } = 1;

        public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset) => TransformationCheck.Ok(FeatureType.Double);

        public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record) =>
            record[args[0]] is double d ? d * 2 : null;
    }
}
