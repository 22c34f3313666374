using System.Text.Json;
using Keel.CostAnomaly.Alerts;
using Keel.Events;

namespace Keel.CostAnomaly.Tests;

public class AlertPayloadTests
{
    [Fact]
    public void The_alert_is_a_cost_anomaly_event_its_published_schema_accepts()
    {
        var bed = new FlatBed();
        bed.Week(10m);
        var alert = Assert.Single(bed.Step(50m).Alerts);

        var cloudEvent = CostAnomalyEvents.Create(alert);
        var data = JsonSerializer.SerializeToElement(CostAnomalyPayload.ToJson(alert));

        Assert.Equal(KeelEventTypes.CostAnomaly, cloudEvent.Type);
        Assert.Equal("acme", cloudEvent.GetTenant());
        Assert.Equal("team=t0,tenant=acme", cloudEvent.Subject);
        Assert.True(EventCatalog.Default.TryGet(KeelEventTypes.CostAnomaly, out var descriptor));
        Assert.Equal(KeelTopics.Alerts, descriptor.Topic);
        Assert.Empty(EventCatalog.Default.ValidateData(KeelEventTypes.CostAnomaly, data));
        Assert.Equal(50, data.GetProperty("observed").GetDecimal());
        Assert.Equal("seasonal", data.GetProperty("expected").GetProperty("basis").GetString());
        Assert.True(data.GetProperty("expected").GetProperty("upper").GetDouble() < 50);
        Assert.Equal("compute", data.GetProperty("top_contributors")[0].GetProperty("contributor").GetString());
        Assert.Equal(CostAnomalyEvents.Create(alert).Id, cloudEvent.Id);
    }

    [Fact]
    public void The_schema_refuses_an_alert_without_its_band()
    {
        var bed = new FlatBed();
        bed.Week(10m);
        var json = CostAnomalyPayload.ToJson(Assert.Single(bed.Step(50m).Alerts));
        json.Remove("expected");

        Assert.NotEmpty(EventCatalog.Default.ValidateData(KeelEventTypes.CostAnomaly, JsonSerializer.SerializeToElement(json)));
    }
}
