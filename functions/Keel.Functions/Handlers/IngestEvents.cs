using System.Net.Mime;
using Keel.Events;
using Keel.Functions.Http;
using Keel.Ingestion;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/events</c>: CloudEvents in structured mode, one or a batch. Valid events are
/// stored (acknowledged by Kafka) even when others in the batch are rejected; the answer is
/// 202 when all were stored, or a 400 problem that lists every rejected event and why.
/// </summary>
public sealed class IngestEvents(IngestionService ingestion)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var unauthenticated))
        {
            return unauthenticated!;
        }
        bool batch;
        try
        {
            var mediaType = new ContentType(request.ContentType ?? "").MediaType;
            batch = mediaType switch
            {
                CloudEventCodec.StructuredContentType => false,
                CloudEventCodec.BatchContentType => true,
                _ => throw new FormatException(),
            };
        }
        catch (FormatException)
        {
            return ProblemResults.UnsupportedMediaType(
                $"Send CloudEvents in structured mode as {CloudEventCodec.StructuredContentType} or {CloudEventCodec.BatchContentType}; the request said '{request.ContentType}'.");
        }

        var body = await RequestBody.ReadAsync(request, RequestBody.DefaultLimit, cancellationToken);
        if (body is null)
        {
            return ProblemResults.TooLarge(RequestBody.DefaultLimit);
        }

        var result = await ingestion.IngestAsync(body.Value, batch, tenant, cancellationToken);
        if (result.BodyProblems.Count > 0)
        {
            return ProblemResults.BadRequest("The request body is not usable",
                string.Join("; ", result.BodyProblems),
                new Dictionary<string, object?> { ["errors"] = ProblemResults.Describe(result.BodyProblems), ["received"] = result.Received, ["accepted"] = 0 });
        }
        if (result.Rejected.Count > 0)
        {
            var first = result.Rejected[0];
            return ProblemResults.InvalidEvents(
                $"{result.Rejected.Count} of {result.Received} events were rejected; the other {result.Accepted} were stored. First: event {first.Index} ({first.Id ?? "no id"}): {first.Problems[0]}",
                new Dictionary<string, object?>
                {
                    ["received"] = result.Received,
                    ["accepted"] = result.Accepted,
                    ["rejected"] = result.Rejected.Select(r => new
                    {
                        index = r.Index,
                        id = r.Id,
                        type = r.Type,
                        errors = ProblemResults.Describe(r.Problems),
                    }).ToArray(),
                });
        }
        return Results.Json(new { received = result.Received, accepted = result.Accepted, rejected = 0 }, KeelJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
