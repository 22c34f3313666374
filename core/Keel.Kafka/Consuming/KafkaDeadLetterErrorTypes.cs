namespace Keel.Kafka;

/// <summary>
/// Values of the dead-letter error-type header that are not exception types: why a message was
/// refused without the handler failing on it.
/// </summary>
public static class KafkaDeadLetterErrorTypes
{
    /// <summary>Not a valid Keel CloudEvent (bad JSON, missing attribute, unknown type, data against its schema); never retried.</summary>
    public const string InvalidEvent = "invalid-event";

    /// <summary>The handler returned a rejection for the event; never retried.</summary>
    public const string Rejected = "rejected";
}
