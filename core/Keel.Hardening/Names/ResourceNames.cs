namespace Keel.Hardening.Names;

/// <summary>The one check of resource names at Keel's edges: the same rule, pattern and message for every endpoint.</summary>
public static class ResourceNames
{
    public static bool IsValid(ResourceKind kind, string? value)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.IsMatch(value);
    }

    /// <summary>The value when valid, else an <see cref="InvalidResourceNameException"/>.</summary>
    public static string Require(ResourceKind kind, string? value, string? parameterName = null) =>
        IsValid(kind, value) ? value! : throw new InvalidResourceNameException(kind, value, parameterName);

    /// <summary>Why a value is refused, for a 400: what was given, the rule and the pattern.</summary>
    public static string Describe(ResourceKind kind, string? value)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var given = value is null ? "No value" : $"'{Printable(value)}'";
        return $"{given} is not a valid {kind.Name}: {kind.Rule} (pattern {kind.Pattern}).";
    }

    // Control characters are shown escaped, so a refused name cannot forge a line of a log or a message.
    private static string Printable(string value)
    {
        var shown = value.Length > 300 ? value[..300] + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
