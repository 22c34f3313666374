namespace Keel.Features.Definitions;

/// <summary>
/// A group of features computed from one dataset for one entity, with a time-to-live after
/// which a value is too old to use (online and in point-in-time joins alike).
/// </summary>
public sealed record FeatureViewDefinition
{
    public required string Name { get; init; }

    public required string Entity { get; init; }

    /// <summary>The dataset whose records feed the view.</summary>
    public required string Source { get; init; }

    /// <summary>How long a value stays valid after its event time; null means forever.</summary>
    public TimeSpan? Ttl { get; init; }

    public required IReadOnlyList<FeatureDefinition> Features { get; init; }

    public string? Description { get; init; }

    public FeatureDefinition? Feature(string name) => Features.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// One feature: copied from a source column, or computed by a named C# transformation with
/// arguments (<c>ratio(Debt, Income)</c>).
/// </summary>
public sealed record FeatureDefinition
{
    public required string Name { get; init; }

    public required FeatureType Type { get; init; }

    /// <summary>The source column; defaults to the feature's own name when there is no transformation.</summary>
    public string? Column { get; init; }

    public TransformationSpec? Transform { get; init; }

    public string? Description { get; init; }
}

/// <summary>A transformation by kind (registered C# class) and its arguments.</summary>
public sealed record TransformationSpec(string Kind, IReadOnlyList<string> Args)
{
    public override string ToString() => $"{Kind}({string.Join(", ", Args)})";

    // Two specs with the same kind and arguments are the same transformation, whatever list holds them.
    public bool Equals(TransformationSpec? other) => other is not null && Kind == other.Kind && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Kind, string.Join('\u001f', Args));
}
