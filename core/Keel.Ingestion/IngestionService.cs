using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Features.Registry;
using Microsoft.Extensions.Logging;

namespace Keel.Ingestion;

/// <summary>
/// Validates incoming CloudEvents (envelope, data schema, and for records the dataset schema)
/// and publishes the valid ones to their topics, acknowledged, before answering. Rejects are
/// returned per event and also dead-lettered with the reason, so nothing is silently dropped;
/// the valid events of a batch are stored whatever happens to the others.
/// </summary>
public sealed class IngestionService(
    IFeatureRegistry registry,
    IEventPublisher publisher,
    IPublishBackpressure backpressure,
    CloudEventCodec codec,
    ILogger<IngestionService> logger)
{
    /// <summary>Most events one batch may hold; larger batches are refused so memory stays bounded.</summary>
    public const int MaxBatchEvents = 10_000;

    /// <param name="callerTenant">The tenant the caller acts for: an event naming another one is rejected, never stored under it.</param>
    public async Task<IngestionResult> IngestAsync(ReadOnlyMemory<byte> body, bool batch, string callerTenant, CancellationToken cancellationToken)
    {
        IReadOnlyList<EventDecodeResult> items;
        if (batch)
        {
            var decoded = codec.DecodeBatch(body);
            if (!decoded.BodyIsValid)
            {
                await DeadLetterBodyAsync(body, decoded.BodyProblems, cancellationToken);
                return new IngestionResult(0, 0, [], decoded.BodyProblems);
            }
            if (decoded.Items.Count > MaxBatchEvents)
            {
                var problem = new EventProblem("body", $"a batch may hold at most {MaxBatchEvents} events, this one has {decoded.Items.Count}");
                return new IngestionResult(decoded.Items.Count, 0, [], [problem]);
            }
            items = decoded.Items;
        }
        else
        {
            var single = codec.Decode(body);
            if (single.Problems.Count == 1 && single.Problems[0].Field == "body")
            {
                await DeadLetterBodyAsync(body, single.Problems, cancellationToken);
                return new IngestionResult(0, 0, [], single.Problems);
            }
            items = [single];
        }

        var accepted = new List<(int Index, CloudEvent Event, string Topic)>();
        var rejected = new List<RejectedEvent>();
        var snapshots = new Dictionary<string, RegistrySnapshot>();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var problems = new List<EventProblem>(item.Problems);
            string? topic = null;
            if (item.Event is { } cloudEvent)
            {
                EventCatalog.Default.TryGet(cloudEvent.Type!, out var descriptor);
                if (cloudEvent.GetTenant() is { } named && named != callerTenant)
                {
                    problems.Add(new EventProblem("tenant", $"the event is for tenant '{named}', but the caller acts for '{callerTenant}'"));
                }
                else if (!descriptor.AcceptedAtIngest)
                {
                    problems.Add(new EventProblem("type", $"{descriptor.Type} is emitted by Keel itself and is not accepted here"));
                }
                else if (cloudEvent.Type == KeelEventTypes.RecordIngested)
                {
                    var tenant = cloudEvent.GetTenant()!;
                    if (!snapshots.TryGetValue(tenant, out var snapshot))
                    {
                        snapshots[tenant] = snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
                    }
                    problems.AddRange(RecordEvents.Read(cloudEvent, snapshot).Problems);
                }
                topic = descriptor.Topic;
            }
            if (problems.Count == 0)
            {
                accepted.Add((index, item.Event!, topic!));
            }
            else
            {
                rejected.Add(new RejectedEvent(index, item.Id, item.Type, problems));
            }
        }

        // Every topic of the request is asked first, so an overloaded one refuses the whole request
        // rather than storing part of it.
        foreach (var topic in accepted.Select(a => a.Topic).Distinct())
        {
            await backpressure.EnsureCapacityAsync(topic, cancellationToken);
        }
        foreach (var group in accepted.GroupBy(a => a.Topic))
        {
            await publisher.PublishAsync(group.Key, group.Select(a => a.Event).ToArray(), cancellationToken);
        }
        foreach (var reject in rejected)
        {
            await DeadLetterEventAsync(items[reject.Index], reject, cancellationToken);
        }
        if (rejected.Count > 0)
        {
            logger.LogWarning("Ingestion rejected {Rejected} of {Received} events; first: {Problem}",
                rejected.Count, items.Count, rejected[0].Problems[0]);
        }
        return new IngestionResult(items.Count, accepted.Count, rejected, []);
    }

    /// <summary>A dead letter must fit in one Kafka message; a larger unusable body is kept in part, and says so.</summary>
    public const int MaxDeadLetterBytes = 512 * 1024;

    private Task DeadLetterBodyAsync(ReadOnlyMemory<byte> body, IReadOnlyList<EventProblem> problems, CancellationToken cancellationToken)
    {
        var reason = string.Join("; ", problems);
        if (body.Length > MaxDeadLetterBytes)
        {
            reason += $" (body truncated to its first {MaxDeadLetterBytes} of {body.Length} bytes)";
            body = body[..MaxDeadLetterBytes];
        }
        return publisher.DeadLetterAsync(new DeadLetter(KeelTopics.Ingest, body, reason), cancellationToken);
    }

    private Task DeadLetterEventAsync(EventDecodeResult item, RejectedEvent reject, CancellationToken cancellationToken)
    {
        var payload = item.Event is { } valid ? codec.Encode(valid) : item.Raw;
        var letter = new DeadLetter(KeelTopics.Ingest, payload, string.Join("; ", reject.Problems),
            EventId: reject.Id, EventType: reject.Type, Tenant: item.Tenant);
        return publisher.DeadLetterAsync(letter, cancellationToken);
    }
}
