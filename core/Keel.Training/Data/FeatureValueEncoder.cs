using Keel.Features.Offline;

namespace Keel.Training;

/// <summary>
/// Turns typed feature values into model input columns — the one place this happens, used for
/// training, for ML.NET scoring and for ONNX scoring alike, so the three cannot drift apart.
/// The rules are described on <see cref="FeatureEncoding"/>.
/// </summary>
internal static class FeatureValueEncoder
{
    /// <summary>Encodes the given rows of a frame (all rows when null); timestamps age to each row's event time.</summary>
    public static EncodedBatch Encode(FeatureFrame frame, IReadOnlyList<InputColumn> inputs, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? frame.RowCount;
        var columns = new Array[inputs.Count];
        for (var c = 0; c < inputs.Count; c++)
        {
            var input = inputs[c];
            var source = frame.Columns.FirstOrDefault(column => column.Name == input.Name)
                ?? throw new ArgumentException($"The frame has no column '{input.Name}', which the model takes as input.");
            if (input.Encoding == FeatureEncoding.Numeric)
            {
                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    var row = rows?[i] ?? i;
                    values[i] = Number(source.Values[row], frame.Timestamps[row], input.Name);
                }
                columns[c] = values;
            }
            else
            {
                var values = new string[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = Category(source.Values[rows?[i] ?? i], input.Name);
                }
                columns[c] = values;
            }
        }
        return new EncodedBatch(inputs, count, columns);
    }

    /// <summary>
    /// Encodes rows given as feature name → value. Every input needs an entry (null for a missing
    /// value), so a misspelt feature name is an error rather than a silently missing value.
    /// </summary>
    public static EncodedBatch Encode(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<InputColumn> inputs, DateTimeOffset? asOf)
    {
        var columns = new Array[inputs.Count];
        for (var c = 0; c < inputs.Count; c++)
        {
            var input = inputs[c];
            Array column = input.Encoding == FeatureEncoding.Numeric ? new float[rows.Count] : new string[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                if (!rows[i].TryGetValue(input.Name, out var value))
                {
                    throw new ArgumentException($"Row {i} has no value for the model input '{input.Name}'; give null for a missing value.");
                }
                if (column is float[] numbers)
                {
                    if (value is DateTimeOffset or DateTime && asOf is null)
                    {
                        throw new ArgumentException($"The model input '{input.Name}' is a timestamp, encoded as its age; give the time to score as of.");
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
        return new EncodedBatch(inputs, rows.Count, columns);
    }

    public static float Number(object? value, DateTimeOffset asOf, string feature) => FeatureValues.Number(value, asOf, feature);

    public static string Category(object? value, string feature) => FeatureValues.Category(value, feature);
}
