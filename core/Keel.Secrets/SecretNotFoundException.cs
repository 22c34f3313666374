namespace Keel.Secrets;

/// <summary>A secret that is needed is not set anywhere Keel looks for it.</summary>
public sealed class SecretNotFoundException(string name, string lookedAt)
    : Exception($"The secret '{name}' is not set: looked for {lookedAt}.")
{
    public string Name { get; } = name;
}
