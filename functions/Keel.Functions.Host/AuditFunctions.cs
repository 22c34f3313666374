using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP triggers of the audit log: the tenant's export and its entries by target.</summary>
public sealed class AuditFunctions(ExportAudit export, ShowAuditEntries show)
{
    [Function(Names.ExportAudit)]
    public Task<IResult> ExportAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditExport)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ExportAudit, () => export.HandleAsync(request, cancellationToken));

    [Function(Names.ShowAuditEntries)]
    public Task<IResult> ShowAuditEntries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditEntries)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ShowAuditEntries, () => show.HandleAsync(request, cancellationToken));
}
