using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>Reads change nothing, so they pass through unaudited.</summary>
public sealed partial class AuditedModelRegistry
{
    public Task<RegisteredModel?> GetModelAsync(string tenant, string name, CancellationToken cancellationToken) =>
        inner.GetModelAsync(tenant, name, cancellationToken);

    public Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string tenant, CancellationToken cancellationToken) =>
        inner.ListModelsAsync(tenant, cancellationToken);

    public Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken) => inner.TenantsAsync(cancellationToken);

    public Task<ModelVersion?> GetVersionAsync(string tenant, string model, int version, CancellationToken cancellationToken) =>
        inner.GetVersionAsync(tenant, model, version, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string tenant, string model, ModelStage? stage, CancellationToken cancellationToken) =>
        inner.ListVersionsAsync(tenant, model, stage, cancellationToken);

    public Task<IReadOnlyList<StageTransition>> TransitionsAsync(string tenant, string model, int? version, CancellationToken cancellationToken) =>
        inner.TransitionsAsync(tenant, model, version, cancellationToken);

    public Task<ModelVersion?> GetByAliasAsync(string tenant, string model, string alias, CancellationToken cancellationToken) =>
        inner.GetByAliasAsync(tenant, model, alias, cancellationToken);

    public Task<IReadOnlyList<ModelAlias>> ListAliasesAsync(string tenant, string model, CancellationToken cancellationToken) =>
        inner.ListAliasesAsync(tenant, model, cancellationToken);

    public Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(string tenant, string model, string? alias, CancellationToken cancellationToken) =>
        inner.AliasHistoryAsync(tenant, model, alias, cancellationToken);
}
