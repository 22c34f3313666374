using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Serving;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Metering.Tests;

public sealed class InferenceMeterTests
{
    [Fact]
    public void Apportioned_parts_add_up_to_every_batch_exactly()
    {
        var meter = Build.Inference(options: new MeteringOptions { CpuCores = 3 });
        var random = new Random(11);
        var expected = 0m;
        var predictions = 0L;
        for (var i = 0; i < 500; i++)
        {
            // Odd tick counts and row splits, so shares repeat forever in decimal and only the remainder rule makes them add up.
            var compute = TimeSpan.FromTicks(random.Next(1, 10_000_000) | 1);
            var rows = Enumerable.Range(0, random.Next(1, 17)).Select(_ => random.Next(1, 7) * 3).ToArray();
            meter.OnBatch(new ServedBatch("acme", "credit", 1, "CPUExecutionProvider", Prices.Day.AddSeconds(i), compute, rows, Succeeded: true));
            expected += (decimal)compute.Ticks / TimeSpan.TicksPerSecond * 3;
            predictions += rows.Sum();
        }
        var usage = Assert.Single(meter.Drain());
        Assert.Equal(expected, usage.Record.Quantity);
        Assert.Equal(predictions, usage.Predictions);
        Assert.Equal(new PriceKey(ResourceKind.Cpu), usage.Record.Item);
        Assert.Equal(Prices.Day, usage.Record.Start);
        Assert.Empty(meter.Drain());
    }

    [Fact]
    public void Usage_is_kept_per_tenant_model_version_variant_and_device_with_the_deployments_tags()
    {
        var serving = new ServingOptions { Models = [new ServedModel { Tenant = "acme", Name = "credit", Team = "risk", CostCentre = "cc-1" }] };
        var meter = Build.Inference(serving, SyntheticDay.Plans(), new MeteringOptions { GpuType = "t4" });
        meter.OnBatch(new ServedBatch("acme", "credit", 1, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [2, 2], true));
        meter.OnBatch(new ServedBatch("acme", "credit", 2, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [1], true));
        meter.OnBatch(new ServedBatch("acme", "credit", 2, "CUDAExecutionProvider", Prices.Day, TimeSpan.FromSeconds(2), [1], true));
        meter.OnBatch(new ServedBatch("globex", "churn", 7, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(4), [5], true));

        var usage = meter.Drain().ToDictionary(u => (u.Record.Tags.Tenant, u.Record.Tags.Version, u.Record.DeviceKind));
        Assert.Equal(4, usage.Count);
        var stable = usage[("acme", "1", "cpu")].Record.Tags;
        Assert.Equal(("risk", "cc-1", "credit", "stable"), (stable.Team, stable.CostCentre, stable.Model, stable.Variant));
        Assert.Equal("canary", usage[("acme", "2", "cpu")].Record.Tags.Variant);
        Assert.Equal(new PriceKey(ResourceKind.Gpu, "t4"), usage[("acme", "2", "gpu")].Record.Item);
        Assert.Equal(2m, usage[("acme", "2", "gpu")].Record.Quantity);
        // No cost tags configured for globex's model: charged, and visibly untagged.
        var untagged = usage[("globex", "7", "cpu")];
        Assert.Equal((AttributionTags.Untagged, AttributionTags.Untagged, AttributionTags.Untagged),
            (untagged.Record.Tags.Team, untagged.Record.Tags.CostCentre, untagged.Record.Tags.Variant));
        Assert.Equal(4m, untagged.Record.Quantity);
    }

    [Fact]
    public void A_failed_run_is_charged_but_serves_no_predictions()
    {
        var meter = Build.Inference();
        meter.OnBatch(new ServedBatch("acme", "credit", 1, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [3, 4], Succeeded: false));
        meter.OnBatch(new ServedBatch("acme", "credit", 1, "CPUExecutionProvider", Prices.Day.AddSeconds(1), TimeSpan.FromSeconds(1), [3], Succeeded: true));
        var usage = Assert.Single(meter.Drain());
        Assert.Equal(2m, usage.Record.Quantity);
        Assert.Equal(3, usage.Predictions);
    }

    [Fact]
    public void Series_beyond_the_limit_are_kept_under_their_tenant_not_dropped()
    {
        var meter = Build.Inference(options: new MeteringOptions { MaxSeries = 3 });
        for (var version = 1; version <= 10; version++)
        {
            meter.OnBatch(new ServedBatch("acme", "credit", version, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [1], true));
        }
        Assert.Equal(4, meter.Series);
        Assert.Equal(7, meter.Overflowed);
        var usage = meter.Drain();
        Assert.Equal(10m, usage.Sum(u => u.Record.Quantity));
        Assert.Equal(10, usage.Sum(u => u.Predictions));
        var overflow = Assert.Single(usage, u => u.Record.Tags.Model == AttributionTags.Untagged);
        Assert.Equal(("acme", 7m), (overflow.Record.Tags.Tenant, overflow.Record.Quantity));
    }

    [Fact]
    public void Every_drained_record_has_an_id_of_its_own()
    {
        var meter = Build.Inference();
        var ids = new HashSet<string>();
        for (var round = 0; round < 5; round++)
        {
            meter.OnBatch(new ServedBatch("acme", "credit", 1, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [1], true));
            meter.OnBatch(new ServedBatch("acme", "credit", 2, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [1], true));
            Assert.All(meter.Drain(), u => Assert.True(ids.Add(u.Record.Id)));
        }
        Assert.Equal(10, ids.Count);
        Assert.Empty(Build.Inference().Drain());
    }

    [Fact]
    public async Task The_batcher_reports_each_run_with_its_rows_to_the_meter()
    {
        var meter = Build.Inference(options: new MeteringOptions { CpuCores = 1 });
        using var metrics = new ServingMetrics();
        var reporter = new BatchReporter(meter, "acme", "credit", 3, "CPUExecutionProvider", NullLogger.Instance);
        var runs = 0;
        var batcher = new DynamicBatcher(batch =>
        {
            Interlocked.Increment(ref runs);
            Thread.Sleep(5);
            if (batch.Any(p => p.Rows == 13))
            {
                throw new InvalidOperationException("a bad request");
            }
            return batch.Select(p => new[] { new TensorResult(new TensorSpec("y", "FP32", typeof(float), [-1]), [p.Rows], new float[p.Rows]) }).ToArray();
        }, new NullSession(), batchable: true, new ServingOptions { MaxConcurrentBatches = 1 }, metrics, NullLogger.Instance, "the test model", reporter);

        await batcher.EnqueueAsync(new PendingInference([new float[4]], [[4, 1]], 4, CancellationToken.None));
        await batcher.EnqueueAsync(new PendingInference([new float[2]], [[2, 1]], 2, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.EnqueueAsync(new PendingInference([new float[13]], [[13, 1]], 13, CancellationToken.None)));

        var usage = Assert.Single(meter.Drain());
        Assert.Equal(6, usage.Predictions);
        Assert.Equal(("acme", "credit", "3"), (usage.Record.Tags.Tenant, usage.Record.Tags.Model, usage.Record.Tags.Version));
        // Three runs held the CPU for at least 5 ms each, the failed one included.
        Assert.Equal(3, runs);
        Assert.True(usage.Record.Quantity >= 0.015m, $"{usage.Record.Quantity} core-seconds");
    }

    private sealed class NullSession : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
