namespace Keel.Secrets;

/// <summary>
/// Where Keel reads credentials: the Dapr secret store (HashiCorp Vault) in production, the
/// environment and a local directory in the embedded default. Values read through a store are
/// registered with <see cref="SecretRegistry"/>, so logs and problem responses can scrub them.
/// </summary>
public interface ISecretStore
{
    /// <summary>The value of the secret, or null when this store does not hold it.</summary>
    /// <exception cref="SecretStoreException">The store could not be read (as opposed to not holding the secret).</exception>
    Task<string?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Where this store looks for the secret, for a not-found message; never a value.</summary>
    string Describe(string name);
}
