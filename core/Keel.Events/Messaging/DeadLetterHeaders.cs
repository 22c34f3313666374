namespace Keel.Events.Messaging;

/// <summary>Header names a dead letter carries; tools reading a <c>.dlq</c> topic rely on them.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "keel-dlq-reason";
    public const string SourceTopic = "keel-dlq-source-topic";
    public const string SourcePartition = "keel-dlq-source-partition";
    public const string SourceOffset = "keel-dlq-source-offset";
    public const string Attempts = "keel-dlq-attempts";
    public const string ErrorType = "keel-dlq-error-type";
    public const string EventId = "ce_id";
    public const string EventType = "ce_type";
    public const string Tenant = "ce_tenant";
    public const string Time = "keel-dlq-time";
}
