using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Costs.Pricing;
using Keel.Events;

namespace Keel.Costs.Metering;

/// <summary>Writes a usage record as <c>dev.keel.cost.metered.v1</c> and reads it back.</summary>
public static class CostMeteredEvent
{
    public const string Source = "/keel/costs/metering";

    public static CloudEvent Create(UsageRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = new JsonObject
        {
            ["id"] = record.Id,
            ["activity"] = ActivityName(record.Activity),
            ["kind"] = ResourceKinds.Name(record.Item.Kind),
            ["variant"] = record.Item.Variant,
            ["quantity"] = record.Quantity,
            ["unit"] = record.Unit,
            ["start"] = Time(record.Start),
            ["end"] = Time(record.End),
            ["device_kind"] = record.DeviceKind,
            ["tags"] = new JsonObject
            {
                ["tenant"] = record.Tags.Tenant,
                ["team"] = record.Tags.Team,
                ["cost_centre"] = record.Tags.CostCentre,
                ["model"] = record.Tags.Model,
                ["version"] = record.Tags.Version,
                ["variant"] = record.Tags.Variant,
                ["run_id"] = record.Tags.RunId,
            },
        };
        var metered = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            // From the record's id: metering the same usage again yields the same event id, which consumers drop.
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Id)))[..32],
            Source = new Uri(Source, UriKind.Relative),
            Type = KeelEventTypes.CostMetered,
            Time = now,
            Subject = record.Tags.Model,
            DataContentType = "application/json",
            Data = data,
        };
        metered.SetTenant(record.Tags.Tenant);
        return metered;
    }

    /// <summary>The usage record in an event's data, which must already satisfy the type's schema.</summary>
    public static UsageRecord Read(JsonElement data)
    {
        var tags = data.GetProperty("tags");
        string Tag(string name) => tags.GetProperty(name).GetString()!;
        ResourceKinds.TryParse(data.GetProperty("kind").GetString(), out var kind);
        return new UsageRecord(
            data.GetProperty("id").GetString()!,
            Enum.GetValues<MeteredActivity>().Single(a => ActivityName(a) == data.GetProperty("activity").GetString()),
            new PriceKey(kind, data.GetProperty("variant").GetString()),
            data.GetProperty("quantity").GetDecimal(),
            data.GetProperty("start").GetDateTimeOffset(),
            data.GetProperty("end").GetDateTimeOffset(),
            data.GetProperty("device_kind").GetString()!,
            new AttributionTags(Tag("tenant"), Tag("team"), Tag("cost_centre"), Tag("model"), Tag("version"), Tag("variant"), Tag("run_id")));
    }

    public static string ActivityName(MeteredActivity activity) => activity.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
