using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Security.ApiKeys;

namespace Keel.Governance;

/// <summary>
/// The API key store with every key created (by its <c>createdBy</c>) or revoked (by the caller of
/// the request) appended to the audit log, with the key's public id, name and roles — never its
/// secret. A refused creation and a revocation of a key that was not live append nothing.
/// Listing and authenticating pass through.
/// </summary>
public sealed class AuditedApiKeyStore(IApiKeyStore inner, IAuditLog audit, AuditActors actors) : IApiKeyStore
{
    public async Task<IssuedApiKey> CreateAsync(string tenant, string name, IReadOnlyCollection<string> roles, string createdBy, CancellationToken cancellationToken)
    {
        var issued = await inner.CreateAsync(tenant, name, roles, createdBy, cancellationToken);
        await AppendAsync(issued.Key, issued.Key.CreatedBy, GovernanceActions.ApiKeyCreated);
        return issued;
    }

    public async Task<bool> RevokeAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        if (!await inner.RevokeAsync(tenant, id, cancellationToken))
        {
            return false;
        }
        var key = (await inner.ListAsync(tenant, CancellationToken.None)).FirstOrDefault(k => k.Id == id)
            ?? new ApiKey(id, tenant, "", [], default, "", null);
        await AppendAsync(key, actors.Current(), GovernanceActions.ApiKeyRevoked);
        return true;
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(string tenant, CancellationToken cancellationToken) => inner.ListAsync(tenant, cancellationToken);

    public Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken) => inner.AuthenticateAsync(presented, cancellationToken);

    // A key's roles are the grants it carries, so they are part of what is recorded.
    private Task AppendAsync(ApiKey key, string actor, string action) =>
        audit.AppendAsync(new NewAuditEntry(key.Tenant, actor, action, GovernanceTargets.ApiKey(key.Id), new JsonObject
        {
            ["key_id"] = key.Id,
            ["name"] = key.Name,
            ["roles"] = new JsonArray(key.Roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        }), CancellationToken.None);
}
