using System.Text.RegularExpressions;

namespace Keel.Events;

/// <summary>Tenant names are path- and key-safe so they can partition files and keys.</summary>
public static partial class TenantName
{
    public const string Default = "default";

    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    public const string Rule = "lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex Pattern();
}
