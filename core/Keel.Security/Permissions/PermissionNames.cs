using System.Collections.Frozen;
using System.Text;

namespace Keel.Security.Permissions;

/// <summary>
/// The stable text form of a permission, <c>keel:read-features</c>: the name of its authorisation
/// policy and what error messages and the README show. Derived from the enum so the two cannot drift.
/// </summary>
public static class PermissionNames
{
    public const string Prefix = "keel:";

    private static readonly FrozenDictionary<Permission, string> Names =
        Enum.GetValues<Permission>().ToFrozenDictionary(p => p, p => Prefix + Kebab(p.ToString()));

    private static readonly FrozenDictionary<string, Permission> ByName =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static string PolicyName(this Permission permission) =>
        Names.TryGetValue(permission, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(permission), permission, "not a Keel permission");

    public static bool TryParse(string? policyName, out Permission permission) =>
        ByName.TryGetValue(policyName ?? "", out permission);

    private static string Kebab(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
