using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.ApiKeys;

/// <summary>
/// The shape of a key: <c>keel_&lt;id&gt;_&lt;secret&gt;</c>, where the id is 16 hex digits (public,
/// for look-up) and the secret 256 random bits in base64url. Only the SHA-256 of the whole text is
/// stored: with that much entropy a fast hash is as good as a slow one, and it is compared in
/// constant time.
/// </summary>
public static class ApiKeyText
{
    public const string Prefix = "keel_";

    private const int IdLength = 16;
    private const int SecretBytes = 32;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));

    public static string Compose(string id) => $"{Prefix}{id}_{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(SecretBytes))}";

    /// <summary>The public id of a presented key, or null when the text is not shaped like a Keel key.</summary>
    public static string? IdOf(string? presented)
    {
        if (presented is null || presented.Length < Prefix.Length + IdLength + 2
            || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[Prefix.Length + IdLength] != '_')
        {
            return null;
        }
        var id = presented.Substring(Prefix.Length, IdLength);
        return id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    public static byte[] Hash(string presented) => SHA256.HashData(Encoding.UTF8.GetBytes(presented));

    public static bool Matches(string presented, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
}
