using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Costs.Tests;

public class MeteringTests
{
    private static readonly AttributionTags Deployment = new(tenant: "acme", team: "risk", costCentre: "cc-17", model: "credit", version: "4", variant: "champion");

    [Fact]
    public void A_training_run_is_charged_wall_time_times_what_it_requested()
    {
        var records = TrainingUsage.For("run-9", new TrainingResources(Cores: 8, MemoryGb: 32, Gpus: 2, GpuType: "a100"),
            Books.Day, Books.Day.AddMinutes(90), new AttributionTags(tenant: "acme", team: "risk", model: "credit"));

        Assert.Equal(
            [(ResourceKind.Cpu, 43_200m), (ResourceKind.Memory, 172_800m), (ResourceKind.Gpu, 10_800m)],
            records.Select(r => (r.Item.Kind, r.Quantity)));
        Assert.All(records, r => Assert.Equal("gpu", r.DeviceKind));
        Assert.All(records, r => Assert.Equal("run-9", r.Tags.RunId));
        Assert.Equal("a100", records[2].Item.Variant);
        Assert.Equal("gpu-second", records[2].Unit);
    }

    [Fact]
    public void A_run_that_requests_gpus_without_a_type_cannot_be_priced_and_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TrainingUsage.For("run-1", new TrainingResources(1, 1, Gpus: 1), Books.Day, Books.Noon, Deployment));
    }

    [Fact]
    public void A_batchs_compute_time_is_split_by_rows_and_the_parts_add_up_to_the_batch_exactly()
    {
        var batch = new InferenceBatch("b-1", Books.Day, TimeSpan.FromMilliseconds(100), InferenceDevice.Cpu(cores: 3), Deployment,
            [new BatchRequest("r1", 1), new BatchRequest("r2", 1), new BatchRequest("r3", 1), new BatchRequest("r4", 4, new AttributionTags(tenant: "globex"))]);

        var records = InferenceUsage.For(batch);

        Assert.Equal(0.3m, records.Sum(r => r.Quantity));
        Assert.Equal(0.171428571429m, records[3].Quantity);
        Assert.Equal(records[0].Quantity, records[1].Quantity);
        Assert.Equal(["acme", "acme", "acme", "globex"], records.Select(r => r.Tags.Tenant));
        Assert.All(records, r => Assert.Equal(("credit", "4", "champion", "risk"), (r.Tags.Model, r.Tags.Version, r.Tags.Variant, r.Tags.Team)));
        Assert.All(records, r => Assert.Equal(ResourceKind.Cpu, r.Item.Kind));
    }

    [Fact]
    public void Apportioned_parts_always_add_up_to_the_whole()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var amount = random.Next(1, 1_000_000) / 997m;
            var weights = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (long)random.Next(0, 50)).Append(1).ToArray();

            var parts = Apportionment.ByWeight(amount, weights);

            Assert.Equal(amount, parts.Sum());
            Assert.All(parts.Where((_, i) => weights[i] == 0), p => Assert.Equal(0m, p));
        }
    }

    [Fact]
    public void A_gpu_batch_is_charged_in_seconds_of_its_gpu_type()
    {
        var records = InferenceUsage.For(new InferenceBatch("b-2", Books.Day, TimeSpan.FromSeconds(2), InferenceDevice.Gpu("t4"), Deployment,
            [new BatchRequest("r1", 10)]));

        var record = Assert.Single(records);
        Assert.Equal((new PriceKey(ResourceKind.Gpu, "t4"), 2m, "gpu"), (record.Item, record.Quantity, record.DeviceKind));
    }

    [Fact]
    public void Stored_bytes_over_time_become_gb_months_of_their_tier()
    {
        var record = StorageUsage.For("offline-store", "cold", 73_000_000_000, Books.Day, Books.Day.AddHours(10), Deployment);

        // 73 GB for 10 of a month's 730 hours is exactly 1 GB-month.
        Assert.Equal(1m, record.Quantity);
        Assert.Equal((ResourceKind.Storage, "cold", "offline-store"), (record.Item.Kind, record.Item.Variant, record.DeviceKind));
    }

    [Fact]
    public void Missing_tags_become_untagged_rather_than_disappearing()
    {
        var tags = new AttributionTags(team: "  ", model: "credit");

        Assert.Equal(AttributionTags.Untagged, tags.Tenant);
        Assert.Equal(AttributionTags.Untagged, tags.Team);
        Assert.Equal(AttributionTags.Untagged, tags.CostCentre);
        Assert.Equal("credit", tags.Model);
        Assert.Throws<ArgumentException>(() => new AttributionTags(tenant: "Not A Tenant"));
    }
}
