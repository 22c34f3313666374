using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Costs.Metering;
using Keel.Events;

namespace Keel.Costs.Tests;

public class CostMeteredEventTests
{
    private static readonly UsageRecord Record = TrainingUsage.For("run-3", new TrainingResources(4, 16, 1, "a100"), Books.Day, Books.Noon,
        new AttributionTags(tenant: "acme", model: "credit", version: "2"))[2];

    [Fact]
    public void A_usage_record_becomes_a_cost_metered_event_on_the_costs_topic_that_its_schema_accepts()
    {
        var metered = CostMeteredEvent.Create(Record, Books.Noon);

        Assert.Equal(KeelEventTypes.CostMetered, metered.Type);
        Assert.True(EventCatalog.Default.TryGet(metered.Type!, out var descriptor));
        Assert.Equal(KeelTopics.Costs, descriptor.Topic);
        Assert.Equal("acme", metered.GetTenant());
        var data = JsonSerializer.SerializeToElement((JsonObject)metered.Data!);
        Assert.Empty(EventCatalog.Default.ValidateData(KeelEventTypes.CostMetered, data));
        Assert.Equal("untagged", data.GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal("gpu-second", data.GetProperty("unit").GetString());
    }

    [Fact]
    public void The_event_reads_back_to_the_same_record_and_the_same_usage_gets_the_same_event_id()
    {
        var data = JsonSerializer.SerializeToElement((JsonObject)CostMeteredEvent.Create(Record, Books.Noon).Data!);

        Assert.Equal(Record, CostMeteredEvent.Read(data));
        Assert.Equal(CostMeteredEvent.Create(Record, Books.Noon).Id, CostMeteredEvent.Create(Record, Books.Noon.AddHours(1)).Id);
    }

    [Fact]
    public void The_schema_refuses_a_record_with_a_tag_left_out()
    {
        var data = (JsonObject)CostMeteredEvent.Create(Record, Books.Noon).Data!;
        ((JsonObject)data["tags"]!).Remove("team");

        var problems = EventCatalog.Default.ValidateData(KeelEventTypes.CostMetered, JsonSerializer.SerializeToElement(data));

        Assert.NotEmpty(problems);
    }
}
