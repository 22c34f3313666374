using System.Diagnostics.Metrics;

namespace Keel.Serving.Deployments;

/// <summary>The OpenTelemetry instruments of this library; the host adds the meter by <see cref="MeterName"/>.</summary>
public static class DeploymentMetrics
{
    public const string MeterName = "Keel.Serving.Deployments";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Shadow copies by outcome: dropped, succeeded, failed, timed_out, sink_failed.</summary>
    internal static Counter<long> ShadowCalls { get; } = Meter.CreateCounter<long>("keel.serving.shadow.calls", "{call}", "Shadow copies of requests by outcome.");

    internal static void CountShadow(string outcome, string model, string variant) =>
        ShadowCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("variant", variant));
}
