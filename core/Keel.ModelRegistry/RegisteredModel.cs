namespace Keel.ModelRegistry;

/// <summary>
/// A registered model: a name under which versions are registered, owned by one tenant.
/// <paramref name="LatestVersion"/> is the number of the newest version (0 before the first);
/// <paramref name="UpdatedAt"/> moves with every change of its versions or aliases.
/// </summary>
public sealed record RegisteredModel(
    string Tenant,
    string Name,
    string? Description,
    string Owner,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int LatestVersion);
