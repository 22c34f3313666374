namespace Keel.Events.Messaging;

/// <summary>
/// An event (or the raw bytes of something that was not one) that could not be processed, with
/// why. It travels to <c>&lt;SourceTopic&gt;.dlq</c> unchanged, so it can be inspected and replayed.
/// </summary>
public sealed record DeadLetter(
    string SourceTopic,
    ReadOnlyMemory<byte> Payload,
    string Reason,
    string? Key = null,
    string? EventId = null,
    string? EventType = null,
    string? Tenant = null,
    int? SourcePartition = null,
    long? SourceOffset = null,
    int Attempts = 0,
    string? ErrorType = null)
{
    public string Topic => KeelTopics.DeadLetterOf(SourceTopic);
}
