using Keel.Serving.Protocol;
using Keel.Serving.Runtime;
using Keel.Training;

namespace Keel.Serving.Scoring;

/// <summary>
/// Encodes feature records for a Keel model with Keel.Training's <see cref="FeatureValues"/>, so
/// serving encodes exactly as training did; a value of the wrong kind is a 400, not a 500.
/// </summary>
internal static class FeatureRowEncoder
{
    public static Array[] Encode(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, ModelSignature signature, DateTimeOffset? asOf)
    {
        var columns = new Array[signature.Inputs.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var input = signature.Inputs[c];
            if (input.Shape.Count != 2 || input.Shape[1] != 1 || input.ElementType != typeof(float) && input.ElementType != typeof(string))
            {
                throw new InferenceValidationException($"The model input '{input.Name}' is {input.Datatype} {input.ShapeText}; feature records feed FP32 or BYTES inputs of shape [-1,1].");
            }
            Array column = input.ElementType == typeof(float) ? new float[rows.Count] : new string[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                if (!rows[i].TryGetValue(input.Name, out var value))
                {
                    throw new InferenceValidationException($"Row {i} has no value for the model input '{input.Name}'; give null for a missing value.");
                }
                if (column is float[] numbers)
                {
                    if (value is DateTimeOffset or DateTime && asOf is null)
                    {
                        throw new InferenceValidationException($"The model input '{input.Name}' is a timestamp, encoded as its age; give the time to score as of.");
                    }
                    numbers[i] = Number(value, asOf ?? default, input.Name);
                }
                else
                {
                    ((string[])column)[i] = Category(value, input.Name);
                }
            }
            columns[c] = column;
        }
        return columns;
    }

    private static float Number(object? value, DateTimeOffset asOf, string feature)
    {
        try
        {
            return FeatureValues.Number(value, asOf, feature);
        }
        catch (ArgumentException ex)
        {
            throw new InferenceValidationException(ex.Message);
        }
    }

    private static string Category(object? value, string feature)
    {
        try
        {
            return FeatureValues.Category(value, feature);
        }
        catch (ArgumentException ex)
        {
            throw new InferenceValidationException(ex.Message);
        }
    }
}
