using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Keel.Gates.Bias;
using Keel.Lifecycle.Tests.Support;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>The gates' verdicts reach the <c>keel.gates.results</c> counter, once per gate of an evaluation.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GateMetricsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Each_gate_of_a_rejected_candidate_is_counted_once_with_its_verdict()
    {
        const string model = "credit_gate_counts";
        var counted = new ConcurrentBag<(string Gate, string Verdict)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GateMetrics.MeterName && instrument.Name == "keel.gates.results")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            // Other test classes train their own models at the same time.
            if (tagged["model"] == model)
            {
                for (var i = 0; i < value; i++)
                {
                    counted.Add((tagged["gate"]!, tagged["verdict"]!));
                }
            }
        });
        listener.Start();

        var outcome = await fixture.Platform.OutcomeAsync(await fixture.Platform.StartTrainingAsync(Specs.Credit(model, biased: true)));

        Assert.Equal(TrainingStatus.RejectedByGates, outcome.Status);
        Assert.Equal(outcome.FailedGates.Count, counted.Count(c => c.Verdict == "fail"));
        Assert.Contains((BiasGate.GateName, "fail"), counted);
        Assert.Equal(counted.Count, counted.Select(c => c.Gate).Distinct().Count());
        Assert.True(counted.Count >= 4, "expected every gate to be counted, got " + string.Join(", ", counted));
    }
}
