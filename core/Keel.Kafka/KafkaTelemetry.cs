using System.Diagnostics;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.Kafka;

/// <summary>
/// Spans for publishing and handling events, tagged with the OpenTelemetry messaging semantic
/// conventions. A handled batch continues the trace of the event that caused it (its
/// <c>traceparent</c>), or links to each distinct trace when the batch mixes several.
/// </summary>
public static class KafkaTelemetry
{
    public const string SourceName = "Keel.Kafka";

    public static ActivitySource Source { get; } = new(SourceName, typeof(KafkaTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>A batch with more distinct parents than this links to the first ones only, so a span stays small.</summary>
    public const int MaxLinks = 64;

    public static Activity? StartSend(string topic, int count)
    {
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", count);
        }
        return activity;
    }

    /// <summary>
    /// The span of one message created for a later batched send (the messaging conventions' "create"
    /// operation): a child of the trace that caused the message, so the trace shows where its event
    /// went, and the context the message carries, so its consumer continues that trace.
    /// </summary>
    public static Activity? StartCreate(string topic, string? causeTraceParent, string? messageId)
    {
        TraceParent.TryParse(causeTraceParent, out var parent);
        var activity = Source.StartActivity(ActivityKind.Producer, parent, name: $"create {topic}");
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "create");
            activity.SetTag("messaging.operation.name", "create");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.message.id", messageId);
        }
        return activity;
    }

    public static Activity? StartProcess(string topic, string group, IReadOnlyList<CloudEvent> events)
    {
        var parents = events
            .Select(e => TraceParent.TryParse(e.GetTraceParent(), out var context) ? context : default)
            .Where(c => c.TraceId != default)
            .Distinct()
            .ToList();
        ActivityContext parent = default;
        IEnumerable<ActivityLink>? links = null;
        if (parents.Count == 1)
        {
            parent = parents[0];
        }
        else if (parents.Count > 1)
        {
            links = parents.Take(MaxLinks).Select(c => new ActivityLink(c)).ToArray();
        }

        var activity = Source.StartActivity(ActivityKind.Consumer, parent, links: links, name: $"process {topic}");
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.consumer.group.name", group);
            activity.SetTag("messaging.batch.message_count", events.Count);
            if (events.Count == 1)
            {
                activity.SetTag("messaging.message.id", events[0].Id);
            }
        }
        return activity;
    }

    public static void RecordError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
