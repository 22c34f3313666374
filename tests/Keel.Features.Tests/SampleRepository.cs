using Keel.Features.Definitions;

namespace Keel.Features.Tests;

/// <summary>A small, valid repository that tests vary with <c>with</c>.</summary>
internal static class SampleRepository
{
    public static DatasetSchema Dataset { get; } = new()
    {
        Name = "loans",
        EntityColumn = "loan_id",
        EntityKey = "loan_id",
        LabelColumn = "defaulted",
        ProtectedAttributes = ["age"],
        Columns =
        [
            new ColumnSchema { Name = "loan_id", Type = FeatureType.String },
            new ColumnSchema { Name = "amount", Type = FeatureType.Double },
            new ColumnSchema { Name = "income", Type = FeatureType.Int64, Nullable = true },
            new ColumnSchema { Name = "age", Type = FeatureType.Int64 },
            new ColumnSchema { Name = "purpose", Type = FeatureType.String, Nullable = true, Categories = ["car", "home"] },
            new ColumnSchema { Name = "defaulted", Type = FeatureType.Bool },
        ],
    };

    public static FeatureRepository Create() => new()
    {
        Project = "loans",
        Dataset = Dataset,
        Entities = [new EntityDefinition { Name = "loan", JoinKey = "loan_id" }],
        FeatureViews =
        [
            new FeatureViewDefinition
            {
                Name = "loan_features",
                Entity = "loan",
                Source = "loans",
                Ttl = TimeSpan.FromDays(30),
                Features =
                [
                    new FeatureDefinition { Name = "amount", Type = FeatureType.Double },
                    new FeatureDefinition { Name = "income", Type = FeatureType.Double },
                    new FeatureDefinition { Name = "age", Type = FeatureType.Int64 },
                    new FeatureDefinition { Name = "purpose", Type = FeatureType.String },
                    new FeatureDefinition { Name = "amount_to_income", Type = FeatureType.Double, Transform = new TransformationSpec("ratio", ["amount", "income"]) },
                    new FeatureDefinition { Name = "income_missing", Type = FeatureType.Bool, Transform = new TransformationSpec("is_missing", ["income"]) },
                ],
            },
            new FeatureViewDefinition
            {
                Name = "loan_labels",
                Entity = "loan",
                Source = "loans",
                Features = [new FeatureDefinition { Name = "defaulted", Type = FeatureType.Bool }],
            },
        ],
        FeatureServices = [new FeatureServiceDefinition { Name = "loan_model", Features = [new FeatureReference("loan_features", [])] }],
        LabelView = "loan_labels",
    };
}
