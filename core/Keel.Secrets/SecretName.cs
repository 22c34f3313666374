using System.Text.RegularExpressions;

namespace Keel.Secrets;

/// <summary>
/// Secret names become file names and environment variable names, so they are plain: no
/// separators, no "..", nothing a shell or a path would read differently.
/// </summary>
public static partial class SecretName
{
    public const string Rule = "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Require(string? name) =>
        IsValid(name) ? name! : throw new ArgumentException($"'{name}' is not a secret name: {Rule}.", nameof(name));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z")]
    private static partial Regex Pattern();
}
