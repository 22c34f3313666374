using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary><c>ratio(numerator, denominator)</c>: the quotient of two numeric columns; null when either is missing or the denominator is zero.</summary>
public sealed class RatioTransformation : IFeatureTransformation
{
    public string Kind => "ratio";

    public int Version => 1;

    public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset)
    {
        var error = Arguments.Count(args, 2, "ratio(numerator, denominator)")
            ?? Arguments.NumericColumn(args[0], dataset)
            ?? Arguments.NumericColumn(args[1], dataset);
        return error is null ? TransformationCheck.Ok(FeatureType.Double) : TransformationCheck.Fail(error);
    }

    public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record)
    {
        var numerator = Arguments.Number(record, args[0]);
        var denominator = Arguments.Number(record, args[1]);
        if (numerator is null || denominator is null || denominator == 0)
        {
            return null;
        }
        return numerator.Value / denominator.Value;
    }
}
