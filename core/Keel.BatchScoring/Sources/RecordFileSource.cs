using System.Runtime.CompilerServices;

namespace Keel.BatchScoring.Sources;

/// <summary>
/// A CSV or Parquet file of the model's dataset records, each turned into features by the
/// feature service's transformations. A record that does not fit the dataset is left out and
/// counted, with the reason the online path would give for it.
/// </summary>
internal sealed class RecordFileSource(string path, ServiceFeatures service) : IScoringSource
{
    private readonly Rejections _rejections = new();

    public string Description => Path.GetFileName(path);

    public long Rejected => _rejections.Count;

    public string? FirstRejection => _rejections.First;

    public async IAsyncEnumerable<IReadOnlyList<ScoringRow>> ReadAsync(int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<ScoringRow>(batchSize);
        await foreach (var record in Records(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problem = record.Problem
                ?? (string.IsNullOrEmpty(record.Entity) ? "the entity key is empty" : null)
                ?? service.Problem(record.Values);
            if (problem is not null)
            {
                _rejections.Add($"row {record.Row}: {problem}");
                continue;
            }
            batch.Add(new ScoringRow(record.Entity!, service.Evaluate(record.Values)));
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<ScoringRow>(batchSize);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private IAsyncEnumerable<DatasetRecord> Records(CancellationToken cancellationToken) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? ParquetRecords.ReadAsync(path, service.Dataset, cancellationToken)
            : CsvRecords.Read(path, service.Dataset).ToAsyncEnumerable();
}
