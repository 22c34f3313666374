namespace Keel.Storage.Artifacts;

/// <summary>
/// Checks artifact addresses before they reach a path or a key: exactly 64 hexadecimal digits, so
/// an address can never name a file outside the store (no separators, no "..").
/// </summary>
public static class ArtifactAddress
{
    public const string Rule = "64 hexadecimal digits (a SHA-256 in hex, without a 'sha256:' prefix)";

    public static bool IsValid(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(char.IsAsciiHexDigit);

    /// <summary>The address in lower case, or an <see cref="ArgumentException"/> that says what is wrong with it.</summary>
    public static string Normalize(string? sha256, string parameterName = "sha256") =>
        IsValid(sha256)
            ? sha256!.ToLowerInvariant()
            : throw new ArgumentException($"'{sha256}' is not an artifact address: expected {Rule}.", parameterName);
}
