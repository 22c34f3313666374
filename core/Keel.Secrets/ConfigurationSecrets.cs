using Microsoft.Extensions.Configuration;

namespace Keel.Secrets;

/// <summary>
/// Registers the secrets that sit in configuration rather than in a secret store: values of keys
/// whose last segment ends in Password, Secret, ConnectionString, ApiKey, Token or Key, every
/// value of the <c>ConnectionStrings</c> section and of <c>KEEL_SECRET_*</c> variables, and
/// credentials embedded in any other value (see <see cref="EmbeddedCredentials"/>).
/// </summary>
public static class ConfigurationSecrets
{
    private static readonly string[] SecretSuffixes = ["password", "pwd", "passphrase", "secret", "connectionstring", "apikey", "token", "key"];

    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith(EnvironmentSecretStore.DefaultPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var segment = key[(key.LastIndexOf(':') + 1)..];
        // KEEL__X__DB_PASSWORD, Keel:X:DbPassword and Keel:X:db-password are the same key to a reader.
        var normalized = string.Concat(segment.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
        return SecretSuffixes.Any(s => normalized.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>Registers what configuration holds now; returns how many values were new.</summary>
    public static int Register(IConfiguration configuration, SecretRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(registry);
        var added = 0;
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            // A flag or a number under a key like UseToken or TokenLimit is not a credential, and
            // masking every "true" would hide more than it protects.
            if (IsSecretKey(key) && !IsPlainScalar(value) && registry.Register(value))
            {
                added++;
            }
            foreach (var embedded in EmbeddedCredentials.Extract(value))
            {
                if (registry.Register(embedded))
                {
                    added++;
                }
            }
        }
        return added;
    }

    private static bool IsPlainScalar(string value) =>
        bool.TryParse(value, out _) || double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);
}
