using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Ingestion.Csv;

namespace Keel.Ingestion;

/// <summary>What <c>keel init</c> is told about a CSV file.</summary>
public sealed record ScaffoldOptions
{
    public required string CsvPath { get; init; }

    /// <summary>The entity key column, or null to key records by their 1-based row number.</summary>
    public string? EntityColumn { get; init; }

    public string? EventTimeColumn { get; init; }

    public required string LabelColumn { get; init; }

    public IReadOnlyList<string> ProtectedColumns { get; init; } = [];

    /// <summary>Project and dataset name; defaults to the file name.</summary>
    public string? Name { get; init; }

    public TimeSpan? FeatureTtl { get; init; }
}

/// <summary>
/// Writes a first feature repository for a CSV file: the dataset schema inferred from the data,
/// an entity, a view of every feature column, a view of the label, and a feature service of the
/// features. Nothing in it is specific to one data set; people edit the file afterwards.
/// </summary>
public static class RepositoryScaffolder
{
    public const string RowNumberKey = "row_id";

    public static FeatureRepository Scaffold(ScaffoldOptions options)
    {
        var columns = SchemaInference.Infer(options.CsvPath);
        var name = Names.Sanitize(options.Name ?? Path.GetFileNameWithoutExtension(options.CsvPath)).ToLowerInvariant();

        string Resolve(string column, string role)
        {
            var match = columns.FirstOrDefault(c => c.Name == column || c.Header == column || string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
            return match?.Name ?? throw new ArgumentException($"--{role}: the file has no column '{column}'; it has {string.Join(", ", columns.Select(c => c.Header ?? c.Name))}");
        }

        var entityColumn = options.EntityColumn is null ? null : Resolve(options.EntityColumn, "entity");
        var eventTimeColumn = options.EventTimeColumn is null ? null : Resolve(options.EventTimeColumn, "event-time");
        var labelColumn = Resolve(options.LabelColumn, "label");
        var protectedColumns = options.ProtectedColumns.Select(c => Resolve(c, "protected")).ToArray();
        if (eventTimeColumn is not null && columns.First(c => c.Name == eventTimeColumn).Type != FeatureType.Timestamp)
        {
            throw new ArgumentException($"--event-time: column '{eventTimeColumn}' does not hold ISO-8601 timestamps in every row");
        }
        if (entityColumn is not null && columns.First(c => c.Name == entityColumn).Nullable)
        {
            throw new ArgumentException($"--entity: column '{entityColumn}' has missing values; an entity key is needed in every row");
        }

        var joinKey = entityColumn ?? RowNumberKey;
        var dataset = new DatasetSchema
        {
            Name = name,
            EntityColumn = entityColumn,
            EntityKey = joinKey,
            EventTimeColumn = eventTimeColumn,
            LabelColumn = labelColumn,
            ProtectedAttributes = protectedColumns,
            Columns = columns,
        };

        var featureColumns = columns.Where(c => c.Name != labelColumn && c.Name != entityColumn && c.Name != eventTimeColumn).ToArray();
        var entity = new EntityDefinition { Name = name, JoinKey = joinKey, Description = $"One {name} record, keyed by {joinKey}." };
        var featuresView = new FeatureViewDefinition
        {
            Name = name + "_features",
            Entity = entity.Name,
            Source = name,
            Ttl = options.FeatureTtl,
            Features = featureColumns.Select(c => new FeatureDefinition { Name = c.Name, Type = c.Type }).ToArray(),
            Description = $"Every column of {name} except the label, as ingested.",
        };
        var labelView = new FeatureViewDefinition
        {
            Name = name + "_labels",
            Entity = entity.Name,
            Source = name,
            Features = [new FeatureDefinition { Name = labelColumn, Type = columns.First(c => c.Name == labelColumn).Type }],
            Description = $"The label {labelColumn}; its rows are the entity/timestamp frame of training sets.",
        };
        return new FeatureRepository
        {
            Project = name,
            Dataset = dataset,
            Entities = [entity],
            FeatureViews = [featuresView, labelView],
            FeatureServices = [new FeatureServiceDefinition { Name = name + "_model", Features = [new FeatureReference(featuresView.Name, [])], Description = $"The features a {name} model reads." }],
            LabelView = labelView.Name,
        };
    }
}
