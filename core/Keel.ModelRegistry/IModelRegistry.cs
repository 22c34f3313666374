namespace Keel.ModelRegistry;

/// <summary>
/// The model registry: registered models, their immutable versions bound to an artifact hash
/// and a lineage, the stage of each version (at most one in Production per model and tenant),
/// aliases, and the history of every stage and alias change with who made it, when and why.
/// Every operation works inside one tenant; another tenant's objects are not found and not
/// listed. Nothing is ever deleted: versions are archived and histories are append-only.
/// Malformed input throws <see cref="ArgumentException"/>; refusals throw a
/// <see cref="ModelRegistryException"/> saying what is wrong.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Registers a model; <see cref="RegistryConflictException"/> when the tenant already has one of that name.</summary>
    Task<RegisteredModel> CreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken);

    /// <summary>Registers a model unless the tenant already has one of that name, and returns the one stored.</summary>
    Task<RegisteredModel> GetOrCreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken);

    Task<RegisteredModel?> GetModelAsync(string tenant, string name, CancellationToken cancellationToken);

    /// <summary>The tenant's models, by name.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Every tenant with at least one registered model, in ordinal order: for the platform's own work across tenants, never for a caller.</summary>
    Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers the next version of a model (1, 2, 3… per model), in stage None at revision 1.
    /// A run already registered for this model returns its version when the artifact and lineage
    /// are the same, and is a <see cref="RegistryConflictException"/> when they differ.
    /// </summary>
    Task<ModelVersion> CreateVersionAsync(string tenant, string model, NewModelVersion version, string actor, CancellationToken cancellationToken);

    Task<ModelVersion?> GetVersionAsync(string tenant, string model, int version, CancellationToken cancellationToken);

    /// <summary>The model's versions by number, only those in <paramref name="stage"/> when it is given.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string tenant, string model, ModelStage? stage, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches a further artifact (a gate report, a model card) to a version. Attaching the same
    /// hash again changes nothing; another hash under an attached name is a conflict.
    /// </summary>
    Task<ModelVersion> AttachArtifactAsync(string tenant, string model, int version, string name, string sha256, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a version to another stage as <see cref="StageRules"/> allows, recording who, when
    /// and why. A promotion to Production archives the version there in the same transaction, or
    /// fails when <see cref="TransitionRequest.ArchiveExisting"/> is false.
    /// </summary>
    Task<TransitionResult> TransitionAsync(string tenant, TransitionRequest request, CancellationToken cancellationToken);

    /// <summary>The model's stage transitions in the order they happened, only those of <paramref name="version"/> when it is given.</summary>
    Task<IReadOnlyList<StageTransition>> TransitionsAsync(string tenant, string model, int? version, CancellationToken cancellationToken);

    /// <summary>Points an alias at a version, recording the change; pointing it where it already points changes nothing.</summary>
    Task<ModelAlias> SetAliasAsync(string tenant, string model, string alias, int version, string actor, string reason, CancellationToken cancellationToken);

    /// <summary>Removes an alias, recording the change; <see cref="RegistryNotFoundException"/> when the model has no such alias.</summary>
    Task RemoveAliasAsync(string tenant, string model, string alias, string actor, string reason, CancellationToken cancellationToken);

    /// <summary>The version an alias points to, or null when the model has no such alias.</summary>
    Task<ModelVersion?> GetByAliasAsync(string tenant, string model, string alias, CancellationToken cancellationToken);

    /// <summary>The model's aliases, by name.</summary>
    Task<IReadOnlyList<ModelAlias>> ListAliasesAsync(string tenant, string model, CancellationToken cancellationToken);

    /// <summary>The changes of the model's aliases in the order they happened, only those of <paramref name="alias"/> when it is given.</summary>
    Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(string tenant, string model, string? alias, CancellationToken cancellationToken);
}
