using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Explain;

/// <summary>
/// Rows as the model's inputs take them: one float[] (numeric) or string[] (category) per input.
/// The value rules repeat Keel.Training's FeatureValueEncoder (which is internal there): a number,
/// bool as 1/0, a timestamp as its age in days, null or non-finite as NaN; a category as its text,
/// null or empty as <see cref="FeatureEncodings.MissingCategory"/>. The explainers check their tree
/// walk against the model's own score, so a drift between the two copies would show up as a failure.
/// </summary>
internal sealed class InputBatch
{
    public InputBatch(IReadOnlyList<InputColumn> inputs, int rowCount)
    {
        Inputs = inputs;
        RowCount = rowCount;
        Columns = inputs.Select(i => i.Encoding == FeatureEncoding.Numeric ? (Array)new float[rowCount] : new string[rowCount]).ToArray();
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public int RowCount { get; }

    public Array[] Columns { get; }

    /// <summary>Encodes rows given as feature name → value; every input needs an entry (null for missing).</summary>
    public static InputBatch From(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<InputColumn> inputs, DateTimeOffset? asOf)
    {
        var batch = new InputBatch(inputs, rows.Count);
        for (var c = 0; c < inputs.Count; c++)
        {
            var input = inputs[c];
            for (var i = 0; i < rows.Count; i++)
            {
                if (!rows[i].TryGetValue(input.Name, out var value))
                {
                    throw new ArgumentException($"Row {i} has no value for the model input '{input.Name}'; give null for a missing value.");
                }
                if (value is DateTimeOffset or DateTime && asOf is null)
                {
                    throw new ArgumentException($"The model input '{input.Name}' is a timestamp, encoded as its age; give the time to explain as of.");
                }
                batch.Set(c, i, value, asOf ?? default);
            }
        }
        return batch;
    }

    /// <summary>Encodes frame rows (all when null); timestamps age to each row's own event time, as in training.</summary>
    public static InputBatch From(FeatureFrame frame, IReadOnlyList<InputColumn> inputs, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? frame.RowCount;
        var batch = new InputBatch(inputs, count);
        for (var c = 0; c < inputs.Count; c++)
        {
            var input = inputs[c];
            var source = frame.Columns.FirstOrDefault(column => column.Name == input.Name)
                ?? throw new ArgumentException($"The frame has no column '{input.Name}', which the model takes as input.");
            for (var i = 0; i < count; i++)
            {
                var row = rows?[i] ?? i;
                batch.Set(c, i, source.Values[row], frame.Timestamps[row]);
            }
        }
        return batch;
    }

    /// <summary>A batch of <paramref name="count"/> empty rows with the same inputs, to be filled by <see cref="CopyRow"/>.</summary>
    public InputBatch Empty(int count) => new(Inputs, count);

    /// <summary>Copies input <paramref name="input"/> of row <paramref name="fromRow"/> of <paramref name="from"/> into row <paramref name="toRow"/>.</summary>
    public void CopyValue(int input, InputBatch from, int fromRow, int toRow)
    {
        if (Columns[input] is float[] numbers)
        {
            numbers[toRow] = ((float[])from.Columns[input])[fromRow];
        }
        else
        {
            ((string[])Columns[input])[toRow] = ((string[])from.Columns[input])[fromRow];
        }
    }

    public void CopyRow(InputBatch from, int fromRow, int toRow)
    {
        for (var c = 0; c < Columns.Length; c++)
        {
            CopyValue(c, from, fromRow, toRow);
        }
    }

    private void Set(int input, int row, object? value, DateTimeOffset asOf)
    {
        var name = Inputs[input].Name;
        if (Columns[input] is float[] numbers)
        {
            numbers[row] = Number(value, asOf, name);
        }
        else
        {
            ((string[])Columns[input])[row] = Category(value, name);
        }
    }

    private static float Number(object? value, DateTimeOffset asOf, string feature) => FeatureValues.Number(value, asOf, feature);

    private static string Category(object? value, string feature) => FeatureValues.Category(value, feature);
}
