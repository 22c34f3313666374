using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Keel.Audit;

/// <summary>
/// An export read back for offline verification. Opening reads the header and every checkpoint
/// line; entries, full and sealed, are then streamed in file order, so a large export is never held
/// in memory.
/// </summary>
public sealed class AuditExportFile
{
    private AuditExportFile(string path, AuditExportHeader header, IReadOnlyList<AuditCheckpoint> checkpoints)
    {
        Path = path;
        Header = header;
        Checkpoints = checkpoints;
    }

    public string Path { get; }

    public AuditExportHeader Header { get; }

    public IReadOnlyList<AuditCheckpoint> Checkpoints { get; }

    /// <summary>An export must end on a trusted checkpoint; one starting after 1 takes its first link on trust until then.</summary>
    public AuditChainBounds Bounds
    {
        get
        {
            var first = Header.FirstSequence ?? 1;
            return new AuditChainBounds(first, Header.LastSequence ?? first - 1, RequireSignedEnd: true);
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the line when the header or a checkpoint cannot be read.</summary>
    public static async Task<AuditExportFile> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AuditExportHeader? header = null;
        var checkpoints = new List<AuditCheckpoint>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            number++;
            var json = TryParse(line);
            var kind = json is null ? "" : AuditJsonLines.KindOf(json.Value);
            if (number == 1)
            {
                header = kind == AuditJsonLines.Header
                    ? At(number, () => AuditJsonLines.ReadHeader(json!.Value))
                    : throw new InvalidDataException($"{path}, line 1: not the header of an audit export");
                if (header.Format != AuditExportHeader.CurrentFormat)
                {
                    throw new InvalidDataException($"{path}, line 1: format '{header.Format}' is not {AuditExportHeader.CurrentFormat}");
                }
            }
            else if (kind == AuditJsonLines.Checkpoint)
            {
                checkpoints.Add(At(number, () => AuditJsonLines.ReadCheckpoint(json!.Value)));
            }
        }
        return new AuditExportFile(path, header ?? throw new InvalidDataException($"{path} is empty"), checkpoints);
    }

    /// <summary>The full entries in file order, without the sealed ones; an unreadable line throws <see cref="InvalidDataException"/> when reached.</summary>
    public async IAsyncEnumerable<AuditEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in ReadLinesAsync(cancellationToken))
        {
            if (line is AuditEntry entry)
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// The full and sealed entries in file order, as the chain is verified; a line that is neither
    /// throws <see cref="InvalidDataException"/> when reached.
    /// </summary>
    public async IAsyncEnumerable<AuditLink> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(Path, cancellationToken))
        {
            number++;
            if (number == 1)
            {
                continue;
            }
            var json = TryParse(line);
            var kind = json is null ? "" : AuditJsonLines.KindOf(json.Value);
            if (kind == AuditJsonLines.Checkpoint)
            {
                continue;
            }
            yield return kind switch
            {
                AuditJsonLines.Entry => At(number, () => AuditJsonLines.ReadEntry(json!.Value)),
                AuditJsonLines.Sealed => At<AuditLink>(number, () => AuditJsonLines.ReadSealed(json!.Value)),
                _ => throw new InvalidDataException($"line {number} is neither an entry, a sealed entry nor a checkpoint"),
            };
        }
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T At<T>(int line, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"line {line}: {error.Message}", error);
        }
    }
}
