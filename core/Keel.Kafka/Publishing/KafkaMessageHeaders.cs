using System.Text;
using Confluent.Kafka;

namespace Keel.Kafka;

/// <summary>
/// Headers on every event message. The body is the whole CloudEvent (structured mode); the
/// headers repeat what routing, tracing and inspection tools need without parsing it.
/// </summary>
public static class KafkaMessageHeaders
{
    /// <summary>The CloudEvents Kafka binding's marker of structured mode.</summary>
    public const string ContentType = "content-type";
    public const string EventId = "ce_id";
    public const string EventType = "ce_type";
    public const string Tenant = "ce_tenant";
    public const string TraceParent = "traceparent";

    /// <summary>The last value of a header as text, or null when the message does not carry it.</summary>
    public static string? Get(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    internal static void Add(Headers headers, string name, string? value)
    {
        if (value is not null)
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
    }
}
