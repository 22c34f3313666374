using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Options;

namespace Keel.Lifecycle;

/// <summary>
/// Freezes the training set of a feature service as a Parquet artifact and loads it back. The
/// artifact's SHA-256 is the dataset snapshot hash lineage records, and training always reads the
/// set back from the artifact, so a model rebuilt from its lineage sees exactly the rows, values
/// and row order the original saw — whatever the offline store holds by then.
/// </summary>
public sealed class DatasetSnapshots(TrainingSetService trainingSets, IArtifactStore artifacts, IOptions<StorageOptions> storage)
{
    /// <summary>Builds the point-in-time training set of the service from the feature store and stores it.</summary>
    public async Task<CapturedDataset> CaptureAsync(string tenant, string featureService, string? labelView, CancellationToken cancellationToken)
    {
        var set = await trainingSets.BuildAsync(tenant, featureService, labelView, cancellationToken);
        return await StoreAsync(set, cancellationToken);
    }

    /// <summary>Stores a training set: its frame as Parquet (entity key, event time, then its columns) and its manifest as JSON.</summary>
    public async Task<CapturedDataset> StoreAsync(TrainingSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var path = TempFile();
        try
        {
            var frame = set.Frame;
            FrameParquetFile.Write(path,
            [
                new FrameColumn(FeatureFrame.EntityColumn, FeatureType.String, frame.EntityKeys.Cast<object?>().ToArray()),
                new FrameColumn(FeatureFrame.TimestampColumn, FeatureType.Timestamp, frame.Timestamps.Cast<object?>().ToArray()),
                .. frame.Columns,
            ]);
            ArtifactRef dataset;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous))
            {
                dataset = await artifacts.PutAsync(file, MediaTypes.Parquet, cancellationToken);
            }
            var manifest = new DatasetManifest(
                dataset.Sha256,
                dataset.Size,
                set.Service,
                set.LabelView,
                set.LabelColumn,
                new SortedDictionary<string, string>(set.ViewVersions.ToDictionary(), StringComparer.Ordinal),
                set.Rows,
                set.From,
                set.To);
            var stored = await artifacts.PutJsonAsync(manifest, cancellationToken);
            return new CapturedDataset(stored.Sha256, manifest);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task<DatasetManifest> ReadManifestAsync(string manifestSha256, CancellationToken cancellationToken) =>
        artifacts.ReadJsonAsync<DatasetManifest>(manifestSha256, cancellationToken);

    /// <summary>The training set a stored manifest describes.</summary>
    public async Task<TrainingSet> LoadAsync(string manifestSha256, CancellationToken cancellationToken) =>
        await LoadAsync(await ReadManifestAsync(manifestSha256, cancellationToken), cancellationToken);

    /// <summary>The training set a manifest describes, read back from its Parquet artifact in the order it was written.</summary>
    public async Task<TrainingSet> LoadAsync(DatasetManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var path = TempFile();
        try
        {
            await artifacts.CopyToFileAsync(manifest.DatasetSha256, path, cancellationToken);
            var columns = FrameParquetFile.Read(path);
            if (columns.Count < 2
                || columns[0] is not { Name: FeatureFrame.EntityColumn, Type: FeatureType.String }
                || columns[1] is not { Name: FeatureFrame.TimestampColumn, Type: FeatureType.Timestamp })
            {
                throw new InvalidDataException(
                    $"The dataset snapshot {manifest.DatasetSha256} does not start with the {FeatureFrame.EntityColumn} and {FeatureFrame.TimestampColumn} columns; it was not written by a dataset snapshot.");
            }
            if (columns[0].Values.Count != manifest.Rows)
            {
                throw new InvalidDataException($"The dataset snapshot {manifest.DatasetSha256} has {columns[0].Values.Count} rows; its manifest says {manifest.Rows}.");
            }
            var keys = columns[0].Values.Select((v, row) => v as string
                ?? throw new InvalidDataException($"Row {row} of the dataset snapshot {manifest.DatasetSha256} has no entity key.")).ToArray();
            var timestamps = columns[1].Values.Select((v, row) => v as DateTimeOffset?
                ?? throw new InvalidDataException($"Row {row} of the dataset snapshot {manifest.DatasetSha256} has no event time.")).ToArray();
            var frame = new FeatureFrame(keys, timestamps, columns.Skip(2).ToArray());
            return new TrainingSet(manifest.FeatureService, manifest.LabelView, manifest.LabelColumn, manifest.ViewVersions, frame);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Under the data directory rather than /tmp: a training set can be large, and the data directory is sized for data.</summary>
    private string TempFile()
    {
        var folder = storage.Value.Resolve("tmp", "datasets");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + ".parquet");
    }
}
