using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Tests;

/// <summary>
/// DetectCostAnomaly on the running platform: metered usage published on keel.costs is priced with the
/// configured price book file, and an hour far above its series' history is announced on keel.alerts.
/// </summary>
public sealed class CostAnomalyFunctionTests : IAsyncLifetime
{
    private readonly string _priceBook = Path.Combine(Path.GetTempPath(), $"keel-prices-{Guid.NewGuid():N}.yaml");
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        // A price book file, as production configures it: the detector must price with the same book the reports use.
        await File.WriteAllTextAsync(_priceBook, """
            currency: EUR
            prices:
              - { kind: cpu, unit_price: 0.001, effective_from: 2020-01-01T00:00:00Z }
            """);
        _platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>
        {
            ["Keel:Costs:PriceBookFile"] = _priceBook,
            // The history below is replayed in one go; a real deployment meters as it goes.
            ["Keel:FinOps:CostAnomaly:Lateness"] = "4.00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        File.Delete(_priceBook);
    }

    [Fact]
    public async Task A_spike_after_two_quiet_days_is_announced_on_keel_alerts_with_its_band_and_contributor()
    {
        var now = DateTimeOffset.UtcNow;
        var lastHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        var usage = new List<CloudEvent>();
        var random = new Random(3);
        for (var hour = lastHour.AddHours(-60); hour < lastHour; hour = hour.AddHours(1))
        {
            // About one core all hour (3,600 core-seconds, 3.60 EUR), with a little noise.
            usage.Add(Metered(hour, 3_600m + random.Next(-200, 200)));
        }
        usage.Add(Metered(lastHour, 3_600m * 12));

        await _platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(KeelTopics.Costs, usage, CancellationToken.None);

        // keel.alerts comes into being with the first alert.
        var detector = _platform.Services.GetRequiredService<Keel.CostAnomaly.Detection.CostAnomalyDetector>();
        var series = Keel.CostAnomaly.Input.SeriesKey.Of(("tenant", "default"), ("team", "risk"), ("model", "credit"));
        await Waiting.UntilAsync(() => Task.FromResult(detector.IsTracked(series)), tracked => tracked, TimeSpan.FromSeconds(60), "the series to be tracked");
        var alerts = new List<JsonNode>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (alerts.Count == 0 && DateTime.UtcNow < deadline)
        {
            try
            {
                alerts = DeadLetters.Read(_platform.BootstrapServers, KeelTopics.Alerts, expected: 1, TimeSpan.FromSeconds(5))
                    .Select(a => JsonNode.Parse(a.Payload)!).Where(a => (string?)a["type"] == KeelEventTypes.CostAnomaly).ToList();
            }
            catch (Confluent.Kafka.ConsumeException)
            {
                await Task.Delay(200);
            }
        }
        Assert.True(detector.Rejected == 0, $"{detector.Rejected} metered hours were refused");
        var alert = Assert.Single(alerts)["data"]!;
        Assert.Contains("credit", alert.ToJsonString());
        Assert.True((double)alert["observed"]! > (double)alert["expected"]!["upper"]!, alert.ToJsonString());
        Assert.Contains("cpu", alert["top_contributors"]!.ToJsonString());
    }

    private static CloudEvent Metered(DateTimeOffset hour, decimal coreSeconds) => CostMeteredEvent.Create(
        new UsageRecord($"test-{hour:yyyyMMddHH}", MeteredActivity.Inference, new PriceKey(ResourceKind.Cpu), coreSeconds, hour, hour.AddHours(1), "cpu",
            new AttributionTags(tenant: "default", team: "risk", model: "credit", version: "1", variant: "default")),
        hour.AddHours(1));
}
