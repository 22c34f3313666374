using System.Security.Cryptography;
using Keel.BatchScoring.Sources;
using Keel.Prediction;
using Parquet;
using Parquet.Schema;

namespace Keel.BatchScoring.Output;

/// <summary>A written score file: where it is, its SHA-256 and its size.</summary>
public sealed record ScoreFile(string Path, string Sha256, long Bytes);

/// <summary>
/// Writes scores as Parquet, one row per scored row: entity, score, label, model, version,
/// scored_at. The file is written under a temporary name and renamed into place when complete,
/// so a reader never sees half a file and a failed job leaves none.
/// </summary>
public sealed class ScoreFileWriter : IAsyncDisposable
{
    /// <summary>Rows per row group: large enough for readers to scan well, small enough to hold in memory.</summary>
    public const int RowGroupRows = 64 * 1024;

    public static readonly DataField EntityField = new DataField<string>("entity");
    public static readonly DataField ScoreField = new DataField<double>("score");
    public static readonly DataField LabelField = new DataField<string>("label");
    public static readonly DataField ModelField = new DataField<string>("model");
    public static readonly DataField VersionField = new DataField<int>("version");

    // Milliseconds, not microseconds: Parquet.Net 6.1 writes the statistics of a TIMESTAMP(MICROS)
    // column in milliseconds (aloneguid/parquet-dotnet#769), and DuckDB then prunes row groups it should read.
    public static readonly DataField ScoredAtField = new DateTimeDataField("scored_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis);

    private static readonly ParquetSchema Schema = new(EntityField, ScoreField, LabelField, ModelField, VersionField, ScoredAtField);

    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly List<string> _entities = [];
    private readonly List<double> _scores = [];
    private readonly List<string?> _labels = [];
    private string _model = "";
    private int _version;
    private DateTime _scoredAt;
    private bool _completed;

    private ScoreFileWriter(string path, string temporary, FileStream stream, ParquetWriter writer)
    {
        _path = path;
        _temporary = temporary;
        _stream = stream;
        _writer = writer;
    }

    public static async Task<ScoreFileWriter> CreateAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var writer = await ParquetWriter.CreateAsync(Schema, stream, cancellationToken: cancellationToken);
            return new ScoreFileWriter(path, temporary, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync();
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Adds one scored batch; the score of a row is the model's output as the online path reads it.</summary>
    public async Task WriteAsync(IReadOnlyList<ScoringRow> rows, float[] scores, ModelProfile profile, DateTimeOffset scoredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(profile);
        if (scores.Length != rows.Count)
        {
            throw new InvalidOperationException($"{scores.Length} scores came back for {rows.Count} rows.");
        }
        (_model, _version, _scoredAt) = (profile.Model, profile.Version, scoredAt.UtcDateTime);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = (double)scores[i];
            _entities.Add(rows[i].Entity);
            _scores.Add(score);
            _labels.Add(profile.LabelOf(score));
        }
        if (_entities.Count >= RowGroupRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Finishes the file, moves it into place (replacing an older one) and hashes it.</summary>
    public async Task<ScoreFile> CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await _writer.DisposeAsync();
        await _stream.FlushAsync(cancellationToken);
        _stream.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(_stream, cancellationToken));
        var bytes = _stream.Length;
        await _stream.DisposeAsync();
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
        return new ScoreFile(_path, sha256, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return;
        }
        try
        {
            await _writer.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The file is thrown away; a writer that cannot finish it changes nothing.
        }
        await _stream.DisposeAsync();
        File.Delete(_temporary);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var count = _entities.Count;
        if (count == 0)
        {
            return;
        }
        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(EntityField, _entities);
            await group.WriteAsync<double>(ScoreField, new ReadOnlyMemory<double>([.. _scores]), cancellationToken: cancellationToken);
            await group.WriteAsync(LabelField, _labels);
            await group.WriteAsync(ModelField, Enumerable.Repeat(_model, count).ToArray());
            await group.WriteAsync<int>(VersionField, new ReadOnlyMemory<int>(Enumerable.Repeat(_version, count).ToArray()), cancellationToken: cancellationToken);
            await group.WriteAsync<DateTime>(ScoredAtField, new ReadOnlyMemory<DateTime>(Enumerable.Repeat(_scoredAt, count).ToArray()), cancellationToken: cancellationToken);
        }
        _entities.Clear();
        _scores.Clear();
        _labels.Clear();
    }
}
