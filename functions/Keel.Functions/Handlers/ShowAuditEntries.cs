using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/audit/entries?target=model:credit:3&amp;from=&amp;to=&amp;limit=</c>: the caller's tenant's
/// entries, in sequence order. A target with no entries in the tenant answers 404, as another tenant's does.
/// </summary>
public sealed class ShowAuditEntries(IAuditLog log)
{
    public const int DefaultLimit = 1000;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !AuditQueryText.TryReadRange(request, out var range, out problem))
        {
            return problem!;
        }
        var target = request.Query["target"].FirstOrDefault();
        var limit = int.TryParse(request.Query["limit"].FirstOrDefault(), out var asked) && asked is > 0 and <= 100_000 ? asked : DefaultLimit;
        var entries = new JsonArray();
        await foreach (var entry in log.ReadAsync(new AuditQuery { Range = range, Tenant = tenant, Target = target, Limit = limit }, cancellationToken))
        {
            entries.Add(new JsonObject
            {
                ["sequence"] = entry.Sequence,
                ["time"] = entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["actor"] = entry.Actor,
                ["action"] = entry.Action,
                ["target"] = entry.Target,
                ["details"] = JsonNode.Parse(entry.Details),
                ["hash"] = entry.Hash,
            });
        }
        if (target is not null && entries.Count == 0)
        {
            return ProblemResults.NotFound($"No audit entries for '{target}'.");
        }
        return Results.Json(new JsonObject { ["tenant"] = tenant, ["entries"] = entries });
    }
}
