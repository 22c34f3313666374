namespace Keel.Training;

/// <summary>
/// A spec document as a plain tree, whether it was written as YAML or JSON, so one reader checks
/// both the same way. Lines are 1-based where the format reports them (YAML), for error messages.
/// </summary>
internal abstract record SpecNode(int? Line)
{
    public abstract string Describe();
}

internal sealed record SpecMap(IReadOnlyList<KeyValuePair<string, SpecNode>> Entries, int? Line) : SpecNode(Line)
{
    public override string Describe() => "a map";
}

internal sealed record SpecList(IReadOnlyList<SpecNode> Items, int? Line) : SpecNode(Line)
{
    public override string Describe() => "a list";
}

/// <summary>A scalar: <see cref="Value"/> is a string, a double, a bool or null; <see cref="Text"/> is how it was written.</summary>
internal sealed record SpecScalar(object? Value, string Text, int? Line) : SpecNode(Line)
{
    public override string Describe() => Value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        _ => Text,
    };
}
