using Keel.Events;
using Keel.Events.Messaging;
using Keel.Functions.Embedded;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Keel.Security.Identity;

namespace Keel.Functions.Handlers;

/// <summary>
/// The Dapr push target of every topic-triggered function: Dapr's Kafka pub/sub posts each event
/// of the function's topic here, and it goes to the same batch handler the embedded host's consumer
/// loop calls. An event that can never succeed is dead-lettered on the topic's DLQ and answered
/// DROP; a failure that may pass answers 500 so Dapr retries under its resiliency policy. The sidecar
/// authenticates with its app API token (<c>dapr-api-token</c>).
/// </summary>
public sealed class DaprPush(IServiceProvider services, CloudEventCodec codec, IEventPublisher publisher)
{
    public async Task<IResult> DeliverAsync(string function, HttpRequest request, CancellationToken cancellationToken)
    {
        var topic = FunctionCatalog.All.OfType<TopicFunction>().Single(f => f.Name == function).Topic;
        var body = await RequestBody.ReadAsync(request, RequestBody.DefaultLimit, cancellationToken);
        if (body is null)
        {
            return ProblemResults.TooLarge(RequestBody.DefaultLimit);
        }
        var decoded = codec.Decode(body.Value);
        if (!decoded.IsValid)
        {
            await publisher.DeadLetterAsync(new DeadLetter(topic, body.Value, string.Join("; ", decoded.Problems),
                EventId: decoded.Id, EventType: decoded.Type, Tenant: decoded.Tenant), cancellationToken);
            return Drop();
        }
        // The sidecar delivers every tenant's events; anyone else pushing (an admin replaying, a service key) only their own.
        var caller = new KeelPrincipal(request.HttpContext.User);
        if (!caller.MayDeliverFor(decoded.Tenant))
        {
            return ProblemResults.Forbidden($"'{caller.Subject}' may deliver events of tenant '{caller.Tenant}' only; this one is for '{decoded.Tenant}'.");
        }
        var outcome = await TopicHandlers.Resolve(services, function).HandleAsync([decoded.Event!], cancellationToken);
        foreach (var rejection in outcome.Rejected)
        {
            await publisher.DeadLetterAsync(new DeadLetter(topic, codec.Encode(rejection.Event), rejection.Reason,
                EventId: rejection.Event.Id, EventType: rejection.Event.Type, Tenant: rejection.Event.GetTenant()), cancellationToken);
        }
        return outcome.Rejected.Count > 0 ? Drop() : Results.Json(new { status = "SUCCESS" });
    }

    private static IResult Drop() => Results.Json(new { status = "DROP" });
}
