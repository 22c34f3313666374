using Keel.Events;
using Keel.Events.Messaging;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// The Dapr push target of <see cref="DetectDrift"/>: Dapr's Kafka pub/sub delivers each
/// prediction event here. An event that can never succeed is dead-lettered and answered DROP; a
/// failure that may pass answers 500 so Dapr retries under its resiliency policy.
/// </summary>
public sealed class DetectDriftPush(DetectDrift handler, CloudEventCodec codec, IEventPublisher publisher)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, RequestBody.DefaultLimit, cancellationToken);
        if (body is null)
        {
            return ProblemResults.TooLarge(RequestBody.DefaultLimit);
        }
        var decoded = codec.Decode(body.Value);
        if (!decoded.IsValid)
        {
            await publisher.DeadLetterAsync(new DeadLetter(KeelTopics.Predictions, body.Value, string.Join("; ", decoded.Problems),
                EventId: decoded.Id, EventType: decoded.Type, Tenant: decoded.Tenant), cancellationToken);
            return Drop();
        }
        var outcome = await handler.HandleAsync([decoded.Event!], cancellationToken);
        foreach (var rejection in outcome.Rejected)
        {
            await publisher.DeadLetterAsync(new DeadLetter(KeelTopics.Predictions, codec.Encode(rejection.Event), rejection.Reason,
                EventId: rejection.Event.Id, EventType: rejection.Event.Type, Tenant: rejection.Event.GetTenant()), cancellationToken);
        }
        return outcome.Rejected.Count > 0 ? Drop() : Results.Json(new { status = "SUCCESS" });
    }

    private static IResult Drop() => Results.Json(new { status = "DROP" });
}
