using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary>
/// A C# transformation that computes one feature from a record. The same instance runs at
/// materialization (online and offline alike), so training and serving cannot skew.
/// Implementations are registered by <see cref="Kind"/>; bump <see cref="Version"/> whenever the
/// output for the same input changes, because it is part of every view version that uses it.
/// </summary>
public interface IFeatureTransformation
{
    string Kind { get; }

    int Version { get; }

    /// <summary>Checks the arguments against the dataset and says what type the output has.</summary>
    TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset);

    /// <summary>Computes the value; null when the inputs do not allow one (missing, division by zero).</summary>
    object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record);
}

/// <summary>The output type of a valid use, or why the use is invalid.</summary>
public sealed record TransformationCheck(FeatureType? OutputType, string? Error)
{
    public static TransformationCheck Ok(FeatureType type) => new(type, null);

    public static TransformationCheck Fail(string error) => new(null, error);
}
