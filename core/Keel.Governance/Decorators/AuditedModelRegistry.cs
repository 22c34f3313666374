using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>
/// The model registry with every change of a model's life appended to the audit log: model created,
/// version registered, artifact attached, each stage transition the registry recorded (the archiving
/// of the version a promotion replaced included), alias set and removed. The entry is appended once
/// the change is stored; a refused change appends nothing, and a call that changes nothing (a retried
/// registration, an alias already pointing there) appends nothing either. Reads pass through.
/// </summary>
public sealed partial class AuditedModelRegistry(IModelRegistry inner, IAuditLog audit, AuditActors actors) : IModelRegistry
{
    public async Task<RegisteredModel> CreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken)
    {
        var created = await inner.CreateModelAsync(tenant, model, cancellationToken);
        await ModelCreatedAsync(created);
        return created;
    }

    public async Task<RegisteredModel> GetOrCreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var existed = await inner.GetModelAsync(tenant, model.Name, cancellationToken) is not null;
        var stored = await inner.GetOrCreateModelAsync(tenant, model, cancellationToken);
        if (!existed)
        {
            await ModelCreatedAsync(stored);
        }
        return stored;
    }

    public async Task<ModelVersion> CreateVersionAsync(string tenant, string model, NewModelVersion version, string actor, CancellationToken cancellationToken)
    {
        var latestBefore = (await inner.GetModelAsync(tenant, model, cancellationToken))?.LatestVersion ?? 0;
        var created = await inner.CreateVersionAsync(tenant, model, version, actor, cancellationToken);
        if (created.Version > latestBefore)
        {
            await AppendAsync(tenant, created.CreatedBy, AuditActions.ModelRegistered, AuditTargets.Model(created.ModelName, created.Version), RegistryDetails.Registered(created));
        }
        return created;
    }

    public async Task<ModelVersion> AttachArtifactAsync(string tenant, string model, int version, string name, string sha256, string actor, CancellationToken cancellationToken)
    {
        var before = await inner.GetVersionAsync(tenant, model, version, cancellationToken);
        var after = await inner.AttachArtifactAsync(tenant, model, version, name, sha256, actor, cancellationToken);
        if (before is null || !before.Artifacts.ContainsKey(name))
        {
            var attached = after.Artifacts.GetValueOrDefault(name);
            await AppendAsync(tenant, attached?.AttachedBy ?? actor.Trim(), GovernanceActions.ModelArtifactAttached, AuditTargets.Model(after.ModelName, after.Version),
                new JsonObject { ["name"] = name, ["sha256"] = attached?.Sha256 ?? sha256, ["revision"] = after.Revision });
        }
        return after;
    }

    public async Task<TransitionResult> TransitionAsync(string tenant, TransitionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await inner.TransitionAsync(tenant, request, cancellationToken);
        // The registry says exactly which transitions the request made: its own, and the archiving of the version it replaced.
        foreach (var transition in result.Recorded)
        {
            var action = transition.To == ModelStage.Archived ? AuditActions.ModelArchived : AuditActions.ModelStageChanged;
            await AppendAsync(tenant, transition.Actor, action, AuditTargets.Model(transition.ModelName, transition.Version),
                RegistryDetails.Transition(transition, request.Version, result.Version));
        }
        return result;
    }

    public async Task<ModelAlias> SetAliasAsync(string tenant, string model, string alias, int version, string actor, string reason, CancellationToken cancellationToken)
    {
        var before = await inner.GetByAliasAsync(tenant, model, alias, cancellationToken);
        var set = await inner.SetAliasAsync(tenant, model, alias, version, actor, reason, cancellationToken);
        if (before?.Version != set.Version)
        {
            await AppendAsync(tenant, set.SetBy, GovernanceActions.ModelAliasSet, AuditTargets.Model(set.ModelName, set.Version),
                RegistryDetails.Alias(set.Alias, before?.Version, set.Version, reason));
        }
        return set;
    }

    public async Task RemoveAliasAsync(string tenant, string model, string alias, string actor, string reason, CancellationToken cancellationToken)
    {
        var before = await inner.GetByAliasAsync(tenant, model, alias, cancellationToken);
        await inner.RemoveAliasAsync(tenant, model, alias, actor, reason, cancellationToken);
        var target = before is null ? GovernanceTargets.Model(model) : AuditTargets.Model(before.ModelName, before.Version);
        await AppendAsync(tenant, actor.Trim(), GovernanceActions.ModelAliasRemoved, target, RegistryDetails.Alias(alias, before?.Version, null, reason));
    }

    private Task ModelCreatedAsync(RegisteredModel model) =>
        AppendAsync(model.Tenant, actors.Current(), GovernanceActions.ModelCreated, GovernanceTargets.Model(model.Name), RegistryDetails.Created(model));

    // The change is stored by now: the caller giving up must not leave it unaudited, so the append is not cancelled.
    private Task AppendAsync(string tenant, string actor, string action, string target, JsonObject details) =>
        audit.AppendAsync(new NewAuditEntry(tenant, actor, action, target, details), CancellationToken.None);
}
