using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary>
/// <c>bucket(column, edge1, edge2, ...)</c>: the index of the bucket a number falls in
/// (0 below the first edge, n at or above the last); null when missing.
/// </summary>
public sealed class BucketTransformation : IFeatureTransformation
{
    public string Kind => "bucket";

    public int Version => 1;

    public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset)
    {
        if (args.Count < 2)
        {
            return TransformationCheck.Fail("takes a column and at least one edge: bucket(column, edge1, edge2, ...)");
        }
        if (Arguments.NumericColumn(args[0], dataset) is { } error)
        {
            return TransformationCheck.Fail(error);
        }
        double previous = double.NegativeInfinity;
        foreach (var edge in args.Skip(1))
        {
            if (!Arguments.TryParseNumber(edge, out var value))
            {
                return TransformationCheck.Fail($"edge '{edge}' is not a number");
            }
            if (value <= previous)
            {
                return TransformationCheck.Fail("edges must be strictly increasing");
            }
            previous = value;
        }
        return TransformationCheck.Ok(FeatureType.Int64);
    }

    public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record)
    {
        if (Arguments.Number(record, args[0]) is not { } x)
        {
            return null;
        }
        long index = 0;
        for (var i = 1; i < args.Count; i++)
        {
            Arguments.TryParseNumber(args[i], out var edge);
            if (x >= edge)
            {
                index = i;
            }
        }
        return index;
    }
}
