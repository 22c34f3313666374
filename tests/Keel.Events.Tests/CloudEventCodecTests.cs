using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Events.Tests;

public class CloudEventCodecTests
{
    private readonly CloudEventCodec _codec = CloudEventCodec.Default;

    [Fact]
    public void A_valid_record_event_decodes_with_its_extensions()
    {
        var result = _codec.Decode(EventFactory.Bytes(EventFactory.Record()));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var cloudEvent = result.Event!;
        Assert.Equal("e-1", cloudEvent.Id);
        Assert.Equal(KeelEventTypes.RecordIngested, cloudEvent.Type);
        Assert.Equal("acme", cloudEvent.GetTenant());
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", cloudEvent.GetTraceParent());
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.Equal(30, data.GetProperty("values").GetProperty("Age").GetInt32());
    }

    [Fact]
    public void Encoding_and_decoding_round_trips()
    {
        var original = _codec.Decode(EventFactory.Bytes(EventFactory.Record())).Event!;
        var again = _codec.Decode(_codec.Encode(original));

        Assert.True(again.IsValid, string.Join("; ", again.Problems));
        Assert.Equal(original.Id, again.Event!.Id);
        Assert.Equal(original.GetTenant(), again.Event.GetTenant());
        Assert.Equal(original.Time, again.Event.Time);
    }

    [Fact]
    public void Malformed_json_names_the_body()
    {
        var result = _codec.Decode(Encoding.UTF8.GetBytes("{\"specversion\": \"1.0\", "));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("body", problem.Field);
        Assert.Contains("not valid JSON", problem.Message);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("specversion")]
    [InlineData("tenant")]
    [InlineData("time")]
    [InlineData("subject")]
    public void A_missing_required_attribute_is_named(string attribute)
    {
        var json = EventFactory.Record();
        json.Remove(attribute);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == attribute && p.Message.Contains("required"));
    }

    [Fact]
    public void An_unknown_type_is_named_with_the_known_ones()
    {
        var json = EventFactory.Record();
        json["type"] = "com.example.nope";

        var problem = Assert.Single(_codec.Decode(EventFactory.Bytes(json)).Problems);

        Assert.Equal("type", problem.Field);
        Assert.Contains("com.example.nope", problem.Message);
        Assert.Contains(KeelEventTypes.RecordIngested, problem.Message);
    }

    [Fact]
    public void A_schema_violation_names_the_data_field()
    {
        var json = EventFactory.Record();
        json["data"]!["values"] = "not an object";
        json["data"]!.AsObject().Remove("entity");

        var problems = _codec.Decode(EventFactory.Bytes(json)).Problems;

        Assert.Contains(problems, p => p.Field == "data/values");
        Assert.Contains(problems, p => p.Field == "data" && p.Message.Contains("entity"));
    }

    [Theory]
    [InlineData("specversion", "0.3", "1.0")]
    [InlineData("tenant", "Not A Tenant", "tenant name")]
    [InlineData("traceparent", "00-abc-01", "W3C")]
    [InlineData("time", "yesterday", "RFC 3339")]
    [InlineData("datacontenttype", "text/csv", "application/json")]
    public void A_bad_attribute_value_is_named(string attribute, string value, string hint)
    {
        var json = EventFactory.Record();
        json[attribute] = value;

        var problem = Assert.Single(_codec.Decode(EventFactory.Bytes(json)).Problems);

        Assert.Equal(attribute, problem.Field);
        Assert.Contains(hint, problem.Message);
    }

    [Fact]
    public void An_attribute_of_the_wrong_json_type_is_named()
    {
        var json = EventFactory.Record();
        json["id"] = 42;

        var problem = Assert.Single(_codec.Decode(EventFactory.Bytes(json)).Problems);

        Assert.Equal("id", problem.Field);
        Assert.Contains("string", problem.Message);
    }

    [Fact]
    public void A_batch_reports_each_element_and_keeps_the_valid_ones()
    {
        var bad = EventFactory.Record("e-2");
        bad.Remove("source");
        var batch = new JsonArray(EventFactory.Record("e-1"), bad, EventFactory.Record("e-3"), JsonValue.Create(7));

        var result = _codec.DecodeBatch(EventFactory.Bytes(batch));

        Assert.True(result.BodyIsValid);
        Assert.Equal(4, result.Items.Count);
        Assert.True(result.Items[0].IsValid);
        Assert.Contains(result.Items[1].Problems, p => p.Field == "source");
        Assert.Equal("e-2", result.Items[1].Id);
        Assert.True(result.Items[2].IsValid);
        Assert.Equal("event", Assert.Single(result.Items[3].Problems).Field);
        Assert.Equal("7", Encoding.UTF8.GetString(result.Items[3].Raw.Span));
    }

    [Fact]
    public void A_batch_that_is_not_an_array_is_refused_as_a_whole()
    {
        var result = _codec.DecodeBatch(EventFactory.Bytes(EventFactory.Record()));

        Assert.False(result.BodyIsValid);
        Assert.Contains("array", result.BodyProblems[0].Message);
    }

    [Fact]
    public void A_rejected_event_keeps_its_raw_json_for_the_dead_letter_topic()
    {
        var json = EventFactory.Record();
        json.Remove("source");

        var result = _codec.Decode(EventFactory.Bytes(json));

        var raw = JsonNode.Parse(result.Raw.Span)!;
        Assert.Equal("e-1", (string?)raw["id"]);
        Assert.Equal("acme", result.Tenant);
    }
}
