using Keel.Features.Definitions;

namespace Keel.Features.Registry;

/// <summary>
/// The registry of feature definitions per tenant. Every object is versioned by the hash of
/// its content; applying a repository makes its objects the current ones and keeps every
/// earlier version, so a training set can always name the exact definitions it used.
/// </summary>
public interface IFeatureRegistry
{
    /// <summary>Validates and registers a repository; fails with every problem found and changes nothing then.</summary>
    Task<ApplyResult> ApplyAsync(string tenant, FeatureRepository repository, CancellationToken cancellationToken);

    Task<RegistrySnapshot> SnapshotAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>A view at an exact version, current or not.</summary>
    Task<FeatureViewDefinition?> GetViewVersionAsync(string tenant, string name, string version, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken);
}

/// <summary>What applying a repository changed.</summary>
public sealed record ApplyResult(string Project, IReadOnlyList<AppliedObject> Objects);

/// <summary>One registered object and whether this apply created its version.</summary>
public sealed record AppliedObject(string Kind, string Name, string Version, bool Changed);

/// <summary>Raised when a repository does not validate; lists every problem.</summary>
public sealed class FeatureRegistryException(IReadOnlyList<string> errors)
    : Exception("The feature repository is not valid:\n- " + string.Join("\n- ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
