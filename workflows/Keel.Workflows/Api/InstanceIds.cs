using System.Text.RegularExpressions;

namespace Keel.Workflows.Api;

/// <summary>Instance ids a caller may choose: plain names that are safe in a URL, a log line and a file name.</summary>
public static partial class InstanceIds
{
    public const string Rule = "1 to 100 letters, digits, '-', '_' or '.', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\z")]
    private static partial Regex Pattern();
}
