using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Keel.Audit;

/// <summary>
/// Writes a range of the log as JSON lines: a header with the signing public keys, the range's
/// checkpoints, then its entries in sequence order. Exports hold every tenant's entries, because
/// only the whole chain can be verified.
/// </summary>
public sealed class AuditExporter(IAuditLog log, TimeProvider time)
{
    private readonly IAuditLog _log = log ?? throw new ArgumentNullException(nameof(log));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public async Task<AuditExportHeader> WriteAsync(AuditRange range, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(output);
        var span = await _log.FindAsync(range, cancellationToken);
        List<AuditCheckpoint> checkpoints = [];
        List<AuditPublicKey> keys = [];
        if (span is { } found)
        {
            // The last exported entry gets a checkpoint of its own, so no exported entry is left unsigned.
            await _log.CheckpointAsync(found.Last, cancellationToken);
            checkpoints = await _log.ReadCheckpointsAsync(found.First, found.Last, cancellationToken).ToListAsync(cancellationToken);
            var used = checkpoints.Select(c => c.KeyId).ToHashSet(StringComparer.Ordinal);
            keys = [.. (await _log.PublicKeysAsync(cancellationToken)).Where(k => used.Contains(k.KeyId))];
        }
        var header = new AuditExportHeader(AuditExportHeader.CurrentFormat, UnixMilliseconds.Truncate(_time.GetUtcNow()), span?.First, span?.Last, keys);

        var buffer = new ArrayBufferWriter<byte>();
        // The file is data, never embedded in a page: escaping the '+' of base64 and PEM only hinders reading and copying them.
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        async Task LineAsync(Action<Utf8JsonWriter> write)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer);
            writer.Flush();
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
            output.WriteByte((byte)'\n');
        }

        await LineAsync(w => AuditJsonLines.WriteHeader(w, header));
        foreach (var checkpoint in checkpoints)
        {
            await LineAsync(w => AuditJsonLines.WriteCheckpoint(w, checkpoint));
        }
        if (span is { } exported)
        {
            await foreach (var entry in _log.ReadAsync(new AuditQuery { Range = new AuditRange(exported.First, exported.Last) }, cancellationToken))
            {
                await LineAsync(w => AuditJsonLines.WriteEntry(w, entry));
            }
        }
        await output.FlushAsync(cancellationToken);
        return header;
    }
}
