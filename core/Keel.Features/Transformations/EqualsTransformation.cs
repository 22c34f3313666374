using System.Globalization;
using Keel.Features.Definitions;

namespace Keel.Features.Transformations;

/// <summary><c>equals(column, value)</c>: an indicator (one-hot) of one category; null when the column is missing.</summary>
public sealed class EqualsTransformation : IFeatureTransformation
{
    public string Kind => "equals";

    public int Version => 1;

    public TransformationCheck Check(IReadOnlyList<string> args, DatasetSchema dataset)
    {
        var error = Arguments.Count(args, 2, "equals(column, value)") ?? Arguments.Column(args[0], dataset);
        return error is null ? TransformationCheck.Ok(FeatureType.Bool) : TransformationCheck.Fail(error);
    }

    public object? Apply(IReadOnlyList<string> args, IReadOnlyDictionary<string, object?> record)
    {
        if (!record.TryGetValue(args[0], out var value) || value is null)
        {
            return null;
        }
        var text = value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => value.ToString(),
        };
        return string.Equals(text, args[1], StringComparison.Ordinal);
    }
}
