namespace Keel.Features.Definitions;

/// <summary>A named set of features a model consumes: the same definition serves training and inference.</summary>
public sealed record FeatureServiceDefinition
{
    public required string Name { get; init; }

    public required IReadOnlyList<FeatureReference> Features { get; init; }

    public string? Description { get; init; }
}

/// <summary>A view, and the features taken from it (all of them when <see cref="Names"/> is empty).</summary>
public sealed record FeatureReference(string View, IReadOnlyList<string> Names);
