using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Training;

namespace Keel.Metering.Tests;

public sealed class TrainingMeterTests : IDisposable
{
    private readonly Scratch _scratch = new();

    internal static MeteredTrainingRun Run(string runId, ResourceRequest? resources = null, IReadOnlyDictionary<string, string>? tags = null) =>
        new("acme", runId, new TrainingSpec
        {
            Name = "credit",
            FeatureService = "credit_model",
            Label = "Status",
            Resources = resources ?? ResourceRequest.Default,
            Tags = tags ?? new Dictionary<string, string>(),
        }, Prices.Day.AddHours(1), Prices.Day.AddHours(1).AddSeconds(90));

    [Fact]
    public void A_run_is_charged_wall_time_times_what_its_spec_requested()
    {
        var usage = TrainingMeter.UsageOf(Run("run-7", new ResourceRequest { Cores = 4, MemoryGb = 16, Gpus = 2, GpuType = "A100" },
            new Dictionary<string, string> { ["team"] = "risk", ["cost_centre"] = "4711" }));

        Assert.Equal(
            [(new PriceKey(ResourceKind.Cpu), 360m), (new PriceKey(ResourceKind.Memory), 1440m), (new PriceKey(ResourceKind.Gpu, "a100"), 180m)],
            usage.Select(r => (r.Item, r.Quantity)));
        Assert.All(usage, r => Assert.Equal(("acme", "risk", "4711", "credit", "run-7", "gpu"),
            (r.Tags.Tenant, r.Tags.Team, r.Tags.CostCentre, r.Tags.Model, r.Tags.RunId, r.DeviceKind)));
    }

    [Fact]
    public void A_spec_without_resources_or_tags_is_charged_the_defaults_untagged()
    {
        var usage = TrainingMeter.UsageOf(Run("run-8"));
        Assert.Equal([90m * 1, 90m * 2], usage.Select(r => r.Quantity));
        Assert.All(usage, r => Assert.Equal((AttributionTags.Untagged, AttributionTags.Untagged), (r.Tags.Team, r.Tags.CostCentre)));
    }

    [Fact]
    public async Task Metering_sends_the_runs_usage_and_never_throws_when_the_log_is_down()
    {
        var log = new RecordingPublisher { Down = true };
        var outbox = Build.Outbox(log, _scratch.Path("spool"));
        var meter = new TrainingMeter(outbox, Microsoft.Extensions.Logging.Abstractions.NullLogger<TrainingMeter>.Instance);

        await meter.MeterAsync(Run("run-9"), CancellationToken.None);
        Assert.Equal(2, outbox.Pending);

        log.Down = false;
        await meter.MeterAsync(Run("run-10"), CancellationToken.None);
        Assert.Equal(4, log.Events.Count);
        Assert.Equal(0, outbox.Pending);
    }

    public void Dispose() => _scratch.Dispose();
}
