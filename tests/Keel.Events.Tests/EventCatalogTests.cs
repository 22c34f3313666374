using System.Text.Json;

namespace Keel.Events.Tests;

public class EventCatalogTests
{
    [Fact]
    public void Every_type_ships_a_json_schema_titled_by_its_type()
    {
        Assert.NotEmpty(EventCatalog.Default.Types);
        foreach (var descriptor in EventCatalog.Default.Types)
        {
            using var schema = JsonDocument.Parse(EventCatalog.SchemaText(descriptor.SchemaResource));
            Assert.Equal(descriptor.Type, schema.RootElement.GetProperty("title").GetString());
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
            Assert.StartsWith("keel.", descriptor.Topic);
        }
    }

    [Fact]
    public void Types_follow_the_reverse_dns_versioned_naming()
    {
        Assert.All(EventCatalog.Default.Types, d => Assert.Matches(@"^dev\.keel\.[a-z.]+\.v\d+$", d.Type));
    }
}
