namespace Keel.Kafka;

/// <summary>Events the cluster did not acknowledge, each with the reason librdkafka gave.</summary>
public sealed class KafkaPublishException(string topic, IReadOnlyList<DeliveryFailure> failures)
    : Exception(Describe(topic, failures))
{
    private const int Listed = 10;

    public string Topic { get; } = topic;

    public IReadOnlyList<DeliveryFailure> Failures { get; } = failures;

    private static string Describe(string topic, IReadOnlyList<DeliveryFailure> failures)
    {
        var shown = string.Join("; ", failures.Take(Listed).Select(f => $"{f.EventId ?? "(no id)"}: {f.Reason}"));
        var more = failures.Count > Listed ? $" and {failures.Count - Listed} more" : "";
        return $"{failures.Count} event(s) were not acknowledged by Kafka topic '{topic}': {shown}{more}";
    }
}

/// <summary>One event that was not acknowledged, and why.</summary>
public sealed record DeliveryFailure(string? EventId, string Reason);
