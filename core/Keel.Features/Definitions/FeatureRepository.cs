namespace Keel.Features.Definitions;

/// <summary>
/// Everything a project declares: its dataset, entities, feature views and feature services.
/// It lives as an editable YAML file in a folder and is applied to the registry, which versions
/// each object by the hash of its content.
/// </summary>
public sealed record FeatureRepository
{
    public required string Project { get; init; }

    public required DatasetSchema Dataset { get; init; }

    public required IReadOnlyList<EntityDefinition> Entities { get; init; }

    public required IReadOnlyList<FeatureViewDefinition> FeatureViews { get; init; }

    public IReadOnlyList<FeatureServiceDefinition> FeatureServices { get; init; } = [];

    /// <summary>The view holding the label, used as the entity frame of a training set.</summary>
    public string? LabelView { get; init; }
}
