namespace Keel.Hardening.Names;

/// <summary>A name that its kind does not accept; the message gives the rule and the pattern.</summary>
public sealed class InvalidResourceNameException(ResourceKind kind, string? value, string? parameterName)
    : ArgumentException(ResourceNames.Describe(kind, value), parameterName)
{
    public ResourceKind Kind { get; } = kind;
}
