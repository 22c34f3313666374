using System.Text;

namespace Keel.Secrets;

/// <summary>
/// Secrets from environment variables: <c>db-password</c> is read from <c>KEEL_SECRET_DB_PASSWORD</c>
/// (the prefix upper-cased name, every character other than a letter or digit as '_'). How CI and
/// containers hand credentials to a process without writing them to disk.
/// </summary>
public sealed class EnvironmentSecretStore(string prefix = EnvironmentSecretStore.DefaultPrefix) : ISecretStore
{
    public const string DefaultPrefix = "KEEL_SECRET_";

    public string Prefix { get; } = prefix;

    public string VariableFor(string name)
    {
        SecretName.Require(name);
        var variable = new StringBuilder(Prefix, Prefix.Length + name.Length);
        foreach (var c in name)
        {
            variable.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }
        return variable.ToString();
    }

    public Task<string?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var value = Environment.GetEnvironmentVariable(VariableFor(name));
        return Task.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    public string Describe(string name) => $"environment variable {VariableFor(name)}";
}
