namespace Keel.Security.ApiKeys;

/// <summary>API keys of service clients, each bound to one tenant and a set of roles.</summary>
public interface IApiKeyStore
{
    Task<IssuedApiKey> CreateAsync(string tenant, string name, IReadOnlyCollection<string> roles, string createdBy, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Revokes a key of the tenant; false when the tenant has no such key or it was revoked already.</summary>
    Task<bool> RevokeAsync(string tenant, string id, CancellationToken cancellationToken);

    /// <summary>The key the text belongs to, or null when it is unknown, revoked or its secret is wrong.</summary>
    Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken);
}
