using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace Keel.Secrets;

/// <summary>
/// Secrets from a Dapr secret store component (HashiCorp Vault in production, <c>keel-secrets</c>
/// in components/) through the sidecar. A Vault secret is a map of keys: the key named like the
/// secret is its value, or the only key when there is one; anything else is ambiguous and refused.
/// </summary>
public sealed class DaprSecretStore(DaprClient client, string storeName) : ISecretStore
{
    public string StoreName { get; } = string.IsNullOrWhiteSpace(storeName) ? throw new ArgumentException("A Dapr secret store name is needed (Keel:Secrets:Dapr:Store).", nameof(storeName)) : storeName;

    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        SecretName.Require(name);
        Dictionary<string, string> entries;
        try
        {
            entries = await client.GetSecretAsync(StoreName, name, cancellationToken: cancellationToken);
        }
        catch (DaprException e) when (e.InnerException is RpcException { StatusCode: StatusCode.NotFound })
        {
            return null;
        }
        catch (DaprException e)
        {
            // The sidecar's status, not its message: a store's error text is not ours to vouch for.
            var status = e.InnerException is RpcException rpc ? rpc.StatusCode.ToString() : "no status";
            throw new SecretStoreException(name, Describe(name), $"the Dapr sidecar answered {status}.", e);
        }

        if (entries.TryGetValue(name, out var value) || (entries.Count == 1 && (value = entries.Values.Single()) is not null))
        {
            return string.IsNullOrEmpty(value) ? null : value;
        }
        if (entries.Count == 0)
        {
            return null;
        }
        throw new SecretStoreException(name, Describe(name),
            $"it holds the keys {string.Join(", ", entries.Keys.Order(StringComparer.Ordinal))} and none is named '{name}'.");
    }

    public string Describe(string name) => $"Dapr secret store '{StoreName}'";
}
