using Keel.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Explain;

/// <summary>An ML.NET <see cref="IDataView"/> over an <see cref="InputBatch"/>: one Single or Text column per input, named as the input.</summary>
internal sealed class InputDataView : IDataView
{
    private readonly InputBatch _batch;

    public InputDataView(InputBatch batch)
    {
        _batch = batch;
        var builder = new DataViewSchema.Builder();
        foreach (var input in batch.Inputs)
        {
            builder.AddColumn(input.Name, input.Encoding == FeatureEncoding.Numeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        }
        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    // Explanations read rows in order; nothing here trains, so there is no need to shuffle.
    public bool CanShuffle => false;

    public long? GetRowCount() => _batch.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(InputDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._batch.RowCount)
            {
                _position = view._batch.RowCount;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = view._batch.Columns[column.Index] switch
            {
                float[] numbers => (ValueGetter<float>)((ref float value) => value = numbers[_position]),
                string[] texts => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = texts[_position].AsMemory()),
                var other => throw new InvalidOperationException($"Column {column.Name} holds {other.GetType().Name}."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column {column.Name} is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
