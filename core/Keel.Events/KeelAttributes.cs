using CloudNative.CloudEvents;

namespace Keel.Events;

/// <summary>The CloudEvent extension attributes every Keel event carries.</summary>
public static class KeelAttributes
{
    /// <summary>The tenant the event belongs to; every stored record carries it.</summary>
    public static CloudEventAttribute Tenant { get; } = CloudEventAttribute.CreateExtension("tenant", CloudEventAttributeType.String);

    /// <summary>The W3C trace context (CloudEvents distributed tracing extension) that lets a trace continue across Kafka.</summary>
    public static CloudEventAttribute TraceParent { get; } = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static CloudEventAttribute TraceState { get; } = CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    public static IReadOnlyList<CloudEventAttribute> All { get; } = [Tenant, TraceParent, TraceState];

    public static string? GetTenant(this CloudEvent cloudEvent) => cloudEvent[Tenant] as string;

    public static void SetTenant(this CloudEvent cloudEvent, string tenant) => cloudEvent[Tenant] = tenant;

    public static string? GetTraceParent(this CloudEvent cloudEvent) => cloudEvent[TraceParent] as string;

    public static void SetTraceParent(this CloudEvent cloudEvent, string? traceParent) => cloudEvent[TraceParent] = traceParent;
}
