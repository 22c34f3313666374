namespace Keel.ModelRegistry;

/// <summary>What registering a model takes: its name and owner, optionally a description and tags.</summary>
public sealed record NewRegisteredModel(string Name, string Owner)
{
    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
