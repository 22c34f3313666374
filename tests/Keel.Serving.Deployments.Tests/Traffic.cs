namespace Keel.Serving.Deployments.Tests;

/// <summary>Simulated requests of one variant: errors at a rate, log-normal latencies, logistic-normal scores.</summary>
internal static class Traffic
{
    public static VariantObservations Simulate(string variant, int version, int requests, double errorRate = 0.01,
        double medianLatencyMs = 20, double scoreShift = 0, int seed = 1, bool scores = true)
    {
        var random = new Random(seed);
        var observations = new VariantObservations(Plans.Tenant, Plans.Model, variant, version);
        for (var i = 0; i < requests; i++)
        {
            var failed = random.NextDouble() < errorRate;
            var latency = medianLatencyMs * Math.Exp(0.4 * Normal(random));
            var score = 1 / (1 + Math.Exp(-(Normal(random) - 1 + scoreShift)));
            observations.Record(!failed, latency, scores ? score : null);
        }
        return observations;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
