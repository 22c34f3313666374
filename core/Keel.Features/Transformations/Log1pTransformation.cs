using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary><c>log1p(column)</c>: ln(1 + x), for skewed amounts; null when missing or x ≤ -1.</summary>
public sealed class Log1pTransformation : IFeatureTransformation
{
    public string Kind => "log1p";

    public int Version => 1;

    public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset)
    {
        var error = Arguments.Count(args, 1, "log1p(column)") ?? Arguments.NumericColumn(args[0], dataset);
        return error is null ? TransformationCheck.Ok(FeatureType.Double) : TransformationCheck.Fail(error);
    }

    public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record) =>
        Arguments.Number(record, args[0]) is { } x && x > -1 ? Math.Log(1 + x) : null;
}
