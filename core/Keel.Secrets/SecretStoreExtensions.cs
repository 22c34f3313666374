namespace Keel.Secrets;

public static class SecretStoreExtensions
{
    /// <summary>The value of a secret that must exist.</summary>
    /// <exception cref="SecretNotFoundException">No store holds it; the message says where it was looked for.</exception>
    public static async Task<string> GetAsync(this ISecretStore store, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.FindAsync(name, cancellationToken) ?? throw new SecretNotFoundException(name, store.Describe(name));
    }
}
