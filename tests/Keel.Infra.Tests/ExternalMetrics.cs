namespace Keel.Infra.Tests;

/// <summary>The metrics infra/ may name that no Keel app exports, each with what exports it.</summary>
public static class ExternalMetrics
{
    public static IReadOnlyDictionary<string, string> Exporters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["up"] = "Prometheus itself, one series per scrape target",
        ["kafka_consumergroup_lag"] = "the Kafka exporter (danielqsj/kafka_exporter, or Strimzi's Kafka Exporter)",
        ["nginx_ingress_controller_requests"] = "the ingress-nginx controller, which KEDA reads to wake serving from zero",
    };
}
