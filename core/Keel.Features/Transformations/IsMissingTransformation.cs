using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary><c>is_missing(column)</c>: whether the column is missing, since missingness itself often predicts.</summary>
public sealed class IsMissingTransformation : IFeatureTransformation
{
    public string Kind => "is_missing";

    public int Version => 1;

    public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset)
    {
        var error = Arguments.Count(args, 1, "is_missing(column)") ?? Arguments.Column(args[0], dataset);
        return error is null ? TransformationCheck.Ok(FeatureType.Bool) : TransformationCheck.Fail(error);
    }

    public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record) =>
        !record.TryGetValue(args[0], out var value) || value is null;
}
