using Keel.Audit;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/audit/export?from=&amp;to=</c>: the caller's tenant's part of the audit chain as JSON
/// lines, other tenants' entries sealed, signed by a checkpoint of its last entry, verifiable offline
/// with <c>keel audit verify --file</c>.
/// </summary>
public sealed class ExportAudit(IAuditLog log, TimeProvider time)
{
    public const string ContentType = "application/x-ndjson";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !AuditQueryText.TryReadRange(request, out var range, out problem))
        {
            return problem!;
        }
        // Buffered, so that a failure half way answers 500 instead of a truncated file that looks complete.
        var buffer = new MemoryStream();
        await new AuditExporter(log, time).WriteAsync(range, tenant, buffer, cancellationToken);
        return Results.Bytes(buffer.ToArray(), ContentType, fileDownloadName: $"keel-audit-{tenant}.jsonl");
    }
}
