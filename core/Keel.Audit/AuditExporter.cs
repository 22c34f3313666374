using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Keel.Events;

namespace Keel.Audit;

/// <summary>
/// Writes a range of the log as JSON lines: a header with the signing public keys, the range's
/// checkpoints, then its entries in sequence order. Only an unbroken stretch of the chain can be
/// verified, so every entry in the range is written; a tenant export writes other tenants' entries
/// sealed, as their content digest and hashes only.
/// </summary>
public sealed class AuditExporter(IAuditLog log, TimeProvider time)
{
    private readonly IAuditLog _log = log ?? throw new ArgumentNullException(nameof(log));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Every entry of the range in full.</summary>
    public Task<AuditExportHeader> WriteAsync(AuditRange range, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(range, tenant: null, output, cancellationToken);

    /// <summary>
    /// The range with <paramref name="tenant"/>'s entries in full and every other entry sealed; null
    /// writes every entry in full.
    /// </summary>
    public async Task<AuditExportHeader> WriteAsync(AuditRange range, string? tenant, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(output);
        if (tenant is not null && !TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"tenant: {TenantName.Rule}", nameof(tenant));
        }
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
        var header = new AuditExportHeader(AuditExportHeader.CurrentFormat, UnixMilliseconds.Truncate(_time.GetUtcNow()), span?.First, span?.Last, keys, tenant);

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
                if (tenant is null || entry.Tenant == tenant)
                {
                    await LineAsync(w => AuditJsonLines.WriteEntry(w, entry));
                }
                else
                {
                    var sealedEntry = AuditSealedEntry.Of(entry);
                    await LineAsync(w => AuditJsonLines.WriteSealed(w, sealedEntry));
                }
            }
        }
        await output.FlushAsync(cancellationToken);
        return header;
    }
}
