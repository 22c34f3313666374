using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Training;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over an <see cref="EncodedBatch"/>: one Single or Text column per
/// input, named as the feature, and optionally the label (Boolean for binary, Single for regression).
/// Its schema without the label is what the ONNX export turns into the model's inputs.
/// </summary>
internal sealed class EncodedDataView : IDataView
{
    private readonly EncodedBatch _batch;
    private readonly Array? _labels;

    public EncodedDataView(EncodedBatch batch, string? labelColumn = null, Array? labels = null)
    {
        _batch = batch;
        _labels = labels;
        var builder = new DataViewSchema.Builder();
        foreach (var input in batch.Inputs)
        {
            builder.AddColumn(input.Name, input.Encoding == FeatureEncoding.Numeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        }
        if (labels is not null)
        {
            if (labels.Length != batch.RowCount)
            {
                throw new ArgumentException($"{labels.Length} labels for {batch.RowCount} rows.");
            }
            builder.AddColumn(labelColumn ?? throw new ArgumentNullException(nameof(labelColumn)),
                labels is bool[] ? BooleanDataViewType.Instance : NumberDataViewType.Single);
        }
        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    // Shuffling is a permutation of row indices drawn from the caller's Random, so a seeded
    // MLContext shuffles the same way every time.
    public bool CanShuffle => true;

    public long? GetRowCount() => _batch.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var order = Enumerable.Range(0, _batch.RowCount).ToArray();
        if (rand is not null)
        {
            rand.Shuffle(order);
        }
        return new Cursor(this, order, columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(EncodedDataView view, int[] order, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= order.Length)
            {
                _position = order.Length;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)order[_position], 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var source = column.Index < view._batch.Inputs.Count ? view._batch.Columns[column.Index] : view._labels!;
            Delegate getter = source switch
            {
                float[] numbers => (ValueGetter<float>)((ref float value) => value = numbers[order[_position]]),
                string[] texts => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = texts[order[_position]].AsMemory()),
                bool[] flags => (ValueGetter<bool>)((ref bool value) => value = flags[order[_position]]),
                _ => throw new InvalidOperationException($"Column {column.Name} holds {source.GetType().Name}."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column {column.Name} is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
