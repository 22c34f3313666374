using System.Text.Json;
using Confluent.Kafka;
using Keel.Costs.Metering;
using Keel.Events;
using Keel.Kafka;

namespace Keel.BatchScoring.Tests;

/// <summary>A job's compute goes out as cost usage on keel.costs, on the platform's own (embedded) Kafka.</summary>
[Collection(ScoringCollection.Name)]
public sealed class CostTests(ScoringBed bed)
{
    [Fact]
    public async Task A_job_emits_its_cpu_time_as_inference_usage_tagged_with_its_run_model_version_and_owner()
    {
        var job = new BatchJob("costed", ScoringBed.Tenant, ScoringBed.Model, null, ScoringBed.Entities(150).ToArray(), null, null, null)
        {
            Team = "risk",
            CostCentre = "4711",
        };

        var result = await bed.Get<BatchScorer>().RunAsync(job, BatchTrigger.Request("tests"), CancellationToken.None);

        var usage = ReadUsage(result.RunId);
        Assert.Equal(MeteredActivity.Inference, usage.Activity);
        Assert.Equal("cpu", Keel.Costs.Pricing.ResourceKinds.Name(usage.Item.Kind));
        Assert.Equal("cpu", usage.DeviceKind);
        Assert.Equal("core-second", usage.Unit);
        // The job's duration times the two cores the test host charges for.
        Assert.Equal(result.ComputeCoreSeconds, usage.Quantity);
        Assert.True(usage.Quantity > 0);
        Assert.Equal((decimal)result.Duration.Ticks / TimeSpan.TicksPerSecond * 2, usage.Quantity);
        Assert.Equal(new AttributionTags(ScoringBed.Tenant, "risk", "4711", ScoringBed.Model,
            bed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), BatchCostMeter.Variant, result.RunId), usage.Tags);
    }

    /// <summary>The usage record of a run, read from keel.costs by a fresh consumer group.</summary>
    private UsageRecord ReadUsage(string runId)
    {
        var connection = bed.Get<KafkaConnection>();
        using var consumer = new ConsumerBuilder<string, byte[]>(connection.CreateConsumerConfig("cost-reader-" + Guid.NewGuid().ToString("N")))
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Subscribe(KeelTopics.Costs);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } message)
                {
                    continue;
                }
                var decoded = CloudEventCodec.Default.Decode(message.Message.Value);
                Assert.Equal(KeelEventTypes.CostMetered, decoded.Event!.Type);
                var record = CostMeteredEvent.Read((JsonElement)decoded.Event.Data!);
                if (record.Tags.RunId == runId)
                {
                    return record;
                }
            }
        }
        finally
        {
            consumer.Close();
        }
        throw new TimeoutException($"no cost usage of run {runId} arrived on {KeelTopics.Costs}");
    }
}
