namespace Keel.Secrets;

/// <summary>Several stores asked in order; the first that holds the secret answers.</summary>
public sealed class CompositeSecretStore(IReadOnlyList<ISecretStore> stores) : ISecretStore
{
    public IReadOnlyList<ISecretStore> Stores { get; } = stores.Count > 0 ? stores : throw new ArgumentException("At least one secret store is needed.", nameof(stores));

    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        foreach (var store in Stores)
        {
            if (await store.FindAsync(name, cancellationToken) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    public string Describe(string name) => string.Join(", then ", Stores.Select(s => s.Describe(name)));
}
