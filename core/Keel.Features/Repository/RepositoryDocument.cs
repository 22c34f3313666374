using Keel.Features.Definitions;

namespace Keel.Features.Repository;

/// <summary>The YAML document shape; mutable and loosely typed because it is what people write.</summary>
internal sealed class RepositoryDocument
{
    public string? Project { get; set; }
    public DatasetDocument? Dataset { get; set; }
    public List<EntityDocument>? Entities { get; set; }
    public List<ViewDocument>? FeatureViews { get; set; }
    public List<ServiceDocument>? FeatureServices { get; set; }
    public string? LabelView { get; set; }

    public FeatureRepository ToRepository(string origin)
    {
        if (string.IsNullOrWhiteSpace(Project))
        {
            throw new FeatureRepositoryException($"{origin}: 'project' is required.");
        }
        if (Dataset is null)
        {
            throw new FeatureRepositoryException($"{origin}: 'dataset' is required.");
        }
        return new FeatureRepository
        {
            Project = Project,
            Dataset = Dataset.ToSchema(origin),
            Entities = (Entities ?? []).Select(e => e.ToDefinition(origin)).ToArray(),
            FeatureViews = (FeatureViews ?? []).Select(v => v.ToDefinition(origin)).ToArray(),
            FeatureServices = (FeatureServices ?? []).Select(s => s.ToDefinition(origin)).ToArray(),
            LabelView = LabelView,
        };
    }

    public static RepositoryDocument From(FeatureRepository repository) => new()
    {
        Project = repository.Project,
        Dataset = DatasetDocument.From(repository.Dataset),
        Entities = repository.Entities.Select(EntityDocument.From).ToList(),
        FeatureViews = repository.FeatureViews.Select(ViewDocument.From).ToList(),
        FeatureServices = repository.FeatureServices.Select(ServiceDocument.From).ToList(),
        LabelView = repository.LabelView,
    };
}

internal sealed class DatasetDocument
{
    public string? Name { get; set; }
    public string? EntityColumn { get; set; }
    public string? EntityKey { get; set; }
    public string? EventTimeColumn { get; set; }
    public string? Label { get; set; }
    public List<string>? Protected { get; set; }
    public List<ColumnDocument>? Columns { get; set; }

    public DatasetSchema ToSchema(string origin) => new()
    {
        Name = Required(Name, "dataset.name", origin),
        EntityColumn = EntityColumn,
        EntityKey = Required(EntityKey, "dataset.entity_key", origin),
        EventTimeColumn = EventTimeColumn,
        LabelColumn = Label,
        ProtectedAttributes = Protected ?? [],
        Columns = (Columns ?? throw new FeatureRepositoryException($"{origin}: 'dataset.columns' is required."))
            .Select(c => c.ToSchema(origin)).ToArray(),
    };

    public static DatasetDocument From(DatasetSchema schema) => new()
    {
        Name = schema.Name,
        EntityColumn = schema.EntityColumn,
        EntityKey = schema.EntityKey,
        EventTimeColumn = schema.EventTimeColumn,
        Label = schema.LabelColumn,
        Protected = schema.ProtectedAttributes.ToList(),
        Columns = schema.Columns.Select(ColumnDocument.From).ToList(),
    };

    internal static string Required(string? value, string field, string origin) =>
        string.IsNullOrWhiteSpace(value) ? throw new FeatureRepositoryException($"{origin}: '{field}' is required.") : value;
}

internal sealed class ColumnDocument
{
    public string? Name { get; set; }
    public string? Header { get; set; }
    public string? Type { get; set; }
    public bool Nullable { get; set; }
    public double? MissingRate { get; set; }
    public List<string>? Categories { get; set; }

    public ColumnSchema ToSchema(string origin)
    {
        var name = DatasetDocument.Required(Name, "dataset.columns[].name", origin);
        return new ColumnSchema
        {
            Name = name,
            Header = Header,
            Type = TypeOf(Type, $"column '{name}'", origin),
            Nullable = Nullable,
            MissingRate = MissingRate,
            Categories = Categories,
        };
    }

    public static ColumnDocument From(ColumnSchema column) => new()
    {
        Name = column.Name,
        Header = column.Header,
        Type = column.Type.Name(),
        Nullable = column.Nullable,
        MissingRate = column.MissingRate,
        Categories = column.Categories?.ToList(),
    };

    internal static FeatureType TypeOf(string? text, string what, string origin) =>
        FeatureTypes.TryParse(text, out var type)
            ? type
            : throw new FeatureRepositoryException($"{origin}: {what} has type '{text}'; use int64, double, string, bool or timestamp.");
}

internal sealed class EntityDocument
{
    public string? Name { get; set; }
    public string? JoinKey { get; set; }
    public string? Description { get; set; }

    public EntityDefinition ToDefinition(string origin) => new()
    {
        Name = DatasetDocument.Required(Name, "entities[].name", origin),
        JoinKey = DatasetDocument.Required(JoinKey, $"entity '{Name}'.join_key", origin),
        Description = Description,
    };

    public static EntityDocument From(EntityDefinition entity) => new() { Name = entity.Name, JoinKey = entity.JoinKey, Description = entity.Description };
}

internal sealed class ViewDocument
{
    public string? Name { get; set; }
    public string? Entity { get; set; }
    public string? Source { get; set; }
    public string? Ttl { get; set; }
    public string? Description { get; set; }
    public List<FeatureDocument>? Features { get; set; }

    public FeatureViewDefinition ToDefinition(string origin)
    {
        var name = DatasetDocument.Required(Name, "feature_views[].name", origin);
        return new FeatureViewDefinition
        {
            Name = name,
            Entity = DatasetDocument.Required(Entity, $"feature view '{name}'.entity", origin),
            Source = DatasetDocument.Required(Source, $"feature view '{name}'.source", origin),
            Ttl = Ttl is null ? null : Durations.TryParse(Ttl, out var ttl)
                ? ttl
                : throw new FeatureRepositoryException($"{origin}: feature view '{name}' has ttl '{Ttl}'; write e.g. 90d, 12h, 30m or 45s."),
            Description = Description,
            Features = (Features ?? []).Select(f => f.ToDefinition(name, origin)).ToArray(),
        };
    }

    public static ViewDocument From(FeatureViewDefinition view) => new()
    {
        Name = view.Name,
        Entity = view.Entity,
        Source = view.Source,
        Ttl = view.Ttl is { } ttl ? Durations.Format(ttl) : null,
        Description = view.Description,
        Features = view.Features.Select(FeatureDocument.From).ToList(),
    };
}

internal sealed class FeatureDocument
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Column { get; set; }
    public string? Transform { get; set; }
    public string? Description { get; set; }

    public FeatureDefinition ToDefinition(string view, string origin)
    {
        var name = DatasetDocument.Required(Name, $"feature view '{view}'.features[].name", origin);
        return new FeatureDefinition
        {
            Name = name,
            Type = ColumnDocument.TypeOf(Type, $"feature '{view}:{name}'", origin),
            Column = Column,
            Transform = Transform is null ? null : TransformationSyntax.Parse(Transform, $"{origin}: feature '{view}:{name}'"),
            Description = Description,
        };
    }

    public static FeatureDocument From(FeatureDefinition feature) => new()
    {
        Name = feature.Name,
        Type = feature.Type.Name(),
        Column = feature.Column,
        Transform = feature.Transform?.ToString(),
        Description = feature.Description,
    };
}

internal sealed class ServiceDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Entries are <c>view</c> (all its features) or <c>view:feature</c>.</summary>
    public List<string>? Features { get; set; }

    public FeatureServiceDefinition ToDefinition(string origin)
    {
        var name = DatasetDocument.Required(Name, "feature_services[].name", origin);
        var references = new List<FeatureReference>();
        foreach (var entry in Features ?? [])
        {
            var parts = entry.Split(':', 2, StringSplitOptions.TrimEntries);
            var existing = references.FindIndex(r => r.View == parts[0]);
            var names = parts.Length == 2 ? [parts[1]] : Array.Empty<string>();
            if (existing < 0)
            {
                references.Add(new FeatureReference(parts[0], names));
            }
            else if (references[existing].Names.Count > 0 && names.Length > 0)
            {
                references[existing] = references[existing] with { Names = [.. references[existing].Names, .. names] };
            }
            else
            {
                // A whole-view entry wins over individual features of the same view.
                references[existing] = references[existing] with { Names = [] };
            }
        }
        return new FeatureServiceDefinition { Name = name, Description = Description, Features = references };
    }

    public static ServiceDocument From(FeatureServiceDefinition service) => new()
    {
        Name = service.Name,
        Description = service.Description,
        Features = service.Features
            .SelectMany(r => r.Names.Count == 0 ? [r.View] : r.Names.Select(n => $"{r.View}:{n}"))
            .ToList(),
    };
}
