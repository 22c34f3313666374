using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Cli.Client;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Cli.Platform;

public sealed record DemoCostResult(
    string? Total,
    string? Currency,
    IReadOnlyDictionary<string, string> ByModel,
    IReadOnlyDictionary<string, string?> CostPerThousandPredictions,
    int AnomaliesDetected,
    long LifecycleReclaimableBytes,
    DateTimeOffset LifecycleAsOf,
    long LifecycleReclaimableNow,
    int LifecycleKept,
    string? Problem);

/// <summary>
/// What the demo shows of FinOps: the tenant's metered cost (training runs and every inference batch,
/// priced with the demo's price book) by model and per 1,000 predictions; a cost spike injected into a
/// second tenant's history and caught by DetectCostAnomaly; and what the lifecycle policy could reclaim,
/// now and once its experiment rule comes due for the demo's reproduction run.
/// </summary>
public static class DemoCost
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The demo tenant's experiment rule: artifacts of runs that never became a version go after this many days.</summary>
    public const int ExperimentRetentionDays = 30;

    /// <summary>The demo's own price book (illustrative cloud-like prices, EUR) and policies; Keel ships no default prices.</summary>
    public static IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Keel:Costs:PriceBook:Currency"] = "EUR",
        ["Keel:Costs:PriceBook:Prices:0:Kind"] = "cpu",
        ["Keel:Costs:PriceBook:Prices:0:UnitPrice"] = "0.0000125",
        ["Keel:Costs:PriceBook:Prices:0:EffectiveFrom"] = "2020-01-01T00:00:00Z",
        ["Keel:Costs:PriceBook:Prices:1:Kind"] = "memory",
        ["Keel:Costs:PriceBook:Prices:1:UnitPrice"] = "0.0000015",
        ["Keel:Costs:PriceBook:Prices:1:EffectiveFrom"] = "2020-01-01T00:00:00Z",
        ["Keel:Costs:PriceBook:Prices:2:Kind"] = "storage",
        ["Keel:Costs:PriceBook:Prices:2:Variant"] = "hot",
        ["Keel:Costs:PriceBook:Prices:2:UnitPrice"] = "0.021",
        ["Keel:Costs:PriceBook:Prices:2:EffectiveFrom"] = "2020-01-01T00:00:00Z",
        ["Keel:Costs:PriceBook:Prices:3:Kind"] = "storage",
        ["Keel:Costs:PriceBook:Prices:3:Variant"] = "cold",
        ["Keel:Costs:PriceBook:Prices:3:UnitPrice"] = "0.004",
        ["Keel:Costs:PriceBook:Prices:3:EffectiveFrom"] = "2020-01-01T00:00:00Z",
        // The demo's team runs the platform, so its auditors read the price book's record in full.
        ["Keel:Costs:AuditTenant"] = "demo",
        // The demo lasts a minute: meter every second instead of every minute.
        ["Keel:Costs:Metering:FlushInterval"] = "00:00:01",
        // The injected history is replayed in one go; a real deployment meters as it goes.
        ["Keel:FinOps:CostAnomaly:Lateness"] = "4.00:00:00",
        // Archived versions go cold at once unless an approval or deployment protects them (the demo's do);
        // experiments that never became a version are deleted after a month.
        ["Keel:Retention:Tenants:demo:ArchivedVersions:ColdAfterDays"] = "0",
        ["Keel:Retention:Tenants:demo:ExperimentArtifacts:OlderThanDays"] = ExperimentRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<DemoCostResult> RunAsync(PlatformRunner platform, string tenant, string otherTenant, string bootstrapServers, CancellationToken ct)
    {
        var since = DateTimeOffset.UtcNow;
        await InjectSpikeAsync(platform, otherTenant, ct);
        var anomalies = await CountAnomaliesAsync(bootstrapServers, otherTenant, since, ct);

        using var reader = new HttpClient { BaseAddress = platform.Address };
        reader.DefaultRequestHeaders.Authorization = platform.Credentials("demo-finops", KeelRoles.Viewer, tenant);
        var report = await WaitForReportAsync(reader, ct);
        var perPrediction = await reader.GetFromJsonAsync<JsonNode>("/api/costs/per-prediction", ct);

        using var admin = KeelClient.Create(platform.Address.ToString(), tenant, platform.Credentials("demo-admin", KeelRoles.Admin, tenant));
        var now = await admin.ApplyLifecycleAsync(dryRun: true, ct);
        // A minute past the rule's age for everything the demo made, so the reproduction run is due.
        var asOf = DateTimeOffset.UtcNow.AddDays(ExperimentRetentionDays).AddMinutes(1);
        var forecast = await admin.ApplyLifecycleAsync(dryRun: true, ct, asOf);

        return new DemoCostResult(
            Precise(report?["total_unrounded"]),
            (string?)report?["currency"],
            (report?["rows"]?.AsArray() ?? []).OfType<JsonObject>().ToDictionary(r => (string)r["key"]!, r => Precise(r["cost_unrounded"]) ?? "-"),
            (perPrediction?["versions"]?.AsArray() ?? []).OfType<JsonObject>()
                .ToDictionary(v => $"{(string?)v["model"]}@{v["version"]}", v => Precise(v["cost_per_1000_predictions_unrounded"])),
            anomalies,
            Reclaimable(forecast),
            asOf,
            Reclaimable(now),
            forecast?["kept"]?.AsArray().Count ?? 0,
            (string?)report?["problem"]);
    }

    private static long Reclaimable(JsonNode? plan) =>
        ((long?)plan?["totals"]?["bytesDeleted"] ?? 0) + ((long?)plan?["totals"]?["bytesMoved"] ?? 0);

    /// <summary>
    /// The demo's compute is a few seconds, a fraction of a cent: shown to six places rather than rounded to
    /// the currency's cents, which would read 0.00 (reports round to the minor unit as the README says).
    /// </summary>
    private static string? Precise(JsonNode? unrounded) =>
        unrounded is null ? null : Math.Round((decimal)unrounded, 6, MidpointRounding.ToEven).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject ToJson(DemoCostResult cost) => new()
    {
        ["total"] = cost.Total,
        ["currency"] = cost.Currency,
        ["by_model"] = new JsonObject(cost.ByModel.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["cost_per_1k_predictions"] = new JsonObject(cost.CostPerThousandPredictions.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["anomalies_detected"] = cost.AnomaliesDetected,
        // What the policy releases by lifecycle_as_of, when the experiment rule is due for the reproduction run;
        // everything the demo made is minutes old, so now (the second figure) it releases nothing.
        ["lifecycle_reclaimable_bytes"] = cost.LifecycleReclaimableBytes,
        ["lifecycle_as_of"] = cost.LifecycleAsOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["lifecycle_reclaimable_bytes_now"] = cost.LifecycleReclaimableNow,
        // What the policy would have taken but may not: approved, deployed or audited versions' artifacts.
        ["lifecycle_kept_artifacts"] = cost.LifecycleKept,
        ["problem"] = cost.Problem,
    };

    /// <summary>The model's cost appears once its inference batches and training runs reach the ledger.</summary>
    private static async Task<JsonNode?> WaitForReportAsync(HttpClient reader, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode? report;
        do
        {
            report = await reader.GetFromJsonAsync<JsonNode>("/api/costs/report?by=model", ct);
            if ((report?["rows"]?.AsArray() ?? []).Any(r => (string?)r!["key"] == "credit_risk"))
            {
                return report;
            }
            await Task.Delay(500, ct);
        }
        while (DateTime.UtcNow < deadline);
        return report;
    }

    /// <summary>
    /// Two and a half quiet days of a 64-core scoring job in the other tenant (about 2.9 EUR an hour at the demo's
    /// prices, above the detector's 1 EUR floor), then an hour at twelve times that.
    /// </summary>
    private static async Task InjectSpikeAsync(PlatformRunner platform, string otherTenant, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var lastHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        var random = new Random(11);
        var usage = new List<CloudEvent>();
        for (var hour = lastHour.AddHours(-60); hour <= lastHour; hour = hour.AddHours(1))
        {
            var coreSeconds = 64 * (hour == lastHour ? 3_600m * 12 : 3_600m + random.Next(-200, 200));
            usage.Add(CostMeteredEvent.Create(
                new UsageRecord($"demo-spike-{hour:yyyyMMddHH}", MeteredActivity.Inference, new PriceKey(ResourceKind.Cpu), coreSeconds, hour, hour.AddHours(1), "cpu",
                    new AttributionTags(tenant: otherTenant, team: "pricing", model: "quote_engine", version: "1", variant: "default")),
                hour.AddHours(1)));
        }
        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(KeelTopics.Costs, usage, ct);
    }

    private static async Task<int> CountAnomaliesAsync(string bootstrapServers, string otherTenant, DateTimeOffset since, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "keel-demo-cost-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(KeelTopics.Alerts);
        var deadline = DateTime.UtcNow + Patience;
        var found = 0;
        try
        {
            while (DateTime.UtcNow < deadline && found == 0)
            {
                ConsumeResult<byte[]?, byte[]>? result;
                try
                {
                    result = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(250)), ct);
                }
                catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
                {
                    continue;
                }
                if (result?.Message is { } message
                    && CloudEventCodec.Default.Decode(message.Value).Event is { Type: KeelEventTypes.CostAnomaly } alert
                    && alert.GetTenant() == otherTenant && alert.Time >= since.AddMinutes(-1))
                {
                    found++;
                }
            }
            return found;
        }
        finally
        {
            consumer.Close();
        }
    }
}
