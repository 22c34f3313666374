namespace Keel.Training;

/// <summary>Rows encoded for a model: one float[] (numeric) or string[] (category) per input, in input order.</summary>
internal sealed class EncodedBatch(IReadOnlyList<InputColumn> inputs, int rowCount, IReadOnlyList<Array> columns)
{
    public IReadOnlyList<InputColumn> Inputs { get; } = inputs;

    public int RowCount { get; } = rowCount;

    public IReadOnlyList<Array> Columns { get; } = columns;

    public float[] Numbers(int input) => (float[])Columns[input];

    public string[] Categories(int input) => (string[])Columns[input];
}
