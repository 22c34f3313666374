namespace Keel.Secrets;

/// <summary>Registers every value read with the <see cref="SecretRegistry"/>, so that once a process holds a secret its logs cannot show it.</summary>
public sealed class RegisteringSecretStore(ISecretStore inner, SecretRegistry registry) : ISecretStore
{
    public ISecretStore Inner { get; } = inner;

    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var value = await Inner.FindAsync(name, cancellationToken);
        registry.Register(value);
        return value;
    }

    public string Describe(string name) => Inner.Describe(name);
}
