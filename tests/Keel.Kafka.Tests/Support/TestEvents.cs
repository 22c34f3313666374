using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Events;

namespace Keel.Kafka.Tests;

/// <summary>Valid <c>dev.keel.record.ingested.v1</c> events, as an ingest endpoint would publish them.</summary>
public static class TestEvents
{
    public static CloudEvent Record(string id, string subject = "42", string tenant = "t1")
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = id,
            Source = new Uri("/tests", UriKind.Relative),
            Type = KeelEventTypes.RecordIngested,
            Time = DateTimeOffset.UtcNow,
            Subject = subject,
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(new
            {
                dataset = "credit",
                entity = subject,
                values = new { Age = 30, Home = "rent" },
            }),
        };
        cloudEvent.SetTenant(tenant);
        return cloudEvent;
    }

    /// <summary>Ids <c>{prefix}-00000</c>…, zero-padded so they sort in publishing order.</summary>
    public static IReadOnlyList<CloudEvent> Records(int count, string prefix = "e", int start = 0) =>
        Enumerable.Range(start, count).Select(i => Record(Id(prefix, i), subject: (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public static string Id(string prefix, int i) => $"{prefix}-{i:D5}";

    public static int Number(string id) => int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
