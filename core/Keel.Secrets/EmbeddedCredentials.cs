using System.Text.RegularExpressions;

namespace Keel.Secrets;

/// <summary>
/// Finds credentials inside a larger setting: the password of a connection string
/// (<c>Host=db;Password=…</c>, Redis' <c>host:6379,password=…</c>) or of a URL
/// (<c>redis://user:…@host</c>). Logging a connection string with its password cut out still
/// discloses the password if only the whole string is masked.
/// </summary>
public static partial class EmbeddedCredentials
{
    private static readonly HashSet<string> CredentialKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "pwd", "passphrase", "secret", "token", "apikey", "accesskey", "accountkey",
        "sharedaccesskey", "instrumentationkey", "clientsecret",
    };

    public static IEnumerable<string> Extract(string? setting)
    {
        if (string.IsNullOrEmpty(setting))
        {
            yield break;
        }
        foreach (var part in setting.Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var key = part[..equals].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            if (CredentialKeys.Contains(key))
            {
                yield return part[(equals + 1)..].Trim().Trim('"', '\'');
            }
        }
        foreach (Match match in UrlPassword().Matches(setting))
        {
            var password = match.Groups["password"].Value;
            yield return password;
            var unescaped = Uri.UnescapeDataString(password);
            if (unescaped != password)
            {
                yield return unescaped;
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:(?<password>[^@\s/]+)@")]
    private static partial Regex UrlPassword();
}
