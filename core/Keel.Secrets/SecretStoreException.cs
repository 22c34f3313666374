namespace Keel.Secrets;

/// <summary>
/// A secret store failed to answer (unreachable sidecar, unreadable file, refused permissions).
/// Distinct from <see cref="SecretNotFoundException"/>: retrying or fixing the store may help.
/// </summary>
public sealed class SecretStoreException(string name, string store, string reason, Exception? inner = null)
    : Exception($"The secret '{name}' could not be read from {store}: {reason}", inner)
{
    public string Name { get; } = name;
}
