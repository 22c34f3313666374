using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Events.Tests;

/// <summary>The coded check of record data must answer exactly as the published JSON Schema does.</summary>
public class RecordShapeTests
{
    private static readonly EventTypeDescriptor Record = EventCatalog.Default.Types.Single(t => t.Type == KeelEventTypes.RecordIngested);

    public static IEnumerable<object[]> Cases()
    {
        string[] documents =
        [
            """{"dataset":"credit","entity":"1","values":{}}""",
            """{"dataset":"credit","entity":"1","values":{"a":1,"b":"x","c":true,"d":null,"e":1.5}}""",
            """{"dataset":"c_2","entity":"é","values":{}}""",
            """{"dataset":"2credit","entity":"1","values":{}}""",
            """{"dataset":"cr-edit","entity":"1","values":{}}""",
            """{"dataset":"","entity":"1","values":{}}""",
            """{"dataset":"credit","entity":"","values":{}}""",
            """{"dataset":"credit","entity":1,"values":{}}""",
            """{"dataset":"credit","entity":"1","values":[]}""",
            """{"dataset":"credit","entity":"1","values":{"a":{"b":1}}}""",
            """{"dataset":"credit","entity":"1","values":{"a":[1]}}""",
            """{"dataset":"credit","entity":"1"}""",
            """{"dataset":"credit","values":{}}""",
            """{"entity":"1","values":{}}""",
            """{"dataset":"credit","entity":"1","values":{},"extra":1}""",
            """[]""",
            "\"credit\"",
            """{"dataset":"credit\n","entity":"1","values":{}}""",
            """{"dataset":"ÄBC","entity":"1","values":{}}""",
            "{\"dataset\":\"" + new string('a', 63) + "\",\"entity\":\"1\",\"values\":{}}",
            "{\"dataset\":\"" + new string('a', 64) + "\",\"entity\":\"1\",\"values\":{}}",
            "{\"dataset\":\"d\",\"entity\":\"" + new string('x', 256) + "\",\"values\":{}}",
            "{\"dataset\":\"d\",\"entity\":\"" + new string('x', 257) + "\",\"values\":{}}",
            // 256 code points written as 512 UTF-16 units: valid by JSON Schema's count.
            "{\"dataset\":\"d\",\"entity\":\"" + string.Concat(Enumerable.Repeat("😀", 256)) + "\",\"values\":{}}",
            "{\"dataset\":\"d\",\"entity\":\"1\",\"values\":{" + string.Join(",", Enumerable.Range(0, 1024).Select(i => $"\"c{i}\":{i}")) + "}}",
            "{\"dataset\":\"d\",\"entity\":\"1\",\"values\":{" + string.Join(",", Enumerable.Range(0, 1025).Select(i => $"\"c{i}\":{i}")) + "}}",
        ];
        return documents.Select(d => new object[] { d });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_coded_check_agrees_with_the_json_schema(string json)
    {
        var data = JsonDocument.Parse(json).RootElement;

        Assert.Equal(EventCatalog.Default.SchemaAccepts(Record.Type, data), Record.FastCheck!(data));
    }

    [Fact]
    public void Random_mutations_of_a_valid_record_get_the_same_answer_from_both()
    {
        var random = new Random(42);
        JsonNode?[] replacements = [null, 1, "", "x", true, new JsonArray(), new JsonObject(), new JsonObject { ["k"] = new JsonObject() }, "Ab_9", "9b"];
        string[] keys = ["dataset", "entity", "values", "other"];
        for (var i = 0; i < 500; i++)
        {
            var node = new JsonObject { ["dataset"] = "credit", ["entity"] = "17", ["values"] = new JsonObject { ["Age"] = 30 } };
            for (var m = 0; m < random.Next(1, 3); m++)
            {
                var key = keys[random.Next(keys.Length)];
                if (random.Next(4) == 0)
                {
                    node.Remove(key);
                }
                else
                {
                    node[key] = replacements[random.Next(replacements.Length)]?.DeepClone();
                }
            }
            var data = JsonDocument.Parse(node.ToJsonString()).RootElement;
            Assert.True(EventCatalog.Default.SchemaAccepts(Record.Type, data) == Record.FastCheck!(data), node.ToJsonString());
        }
    }

    [Fact]
    public void Extension_attributes_keep_their_cloudevents_types()
    {
        var json = EventFactory.Record();
        json["partitionkey"] = "p-1";
        json["sequence"] = 42;
        json["sampled"] = true;

        var decoded = CloudEventCodec.Default.Decode(EventFactory.Bytes(json));
        var again = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(decoded.Event!));

        Assert.True(again.IsValid, string.Join("; ", again.Problems));
        Assert.Equal("p-1", again.Event!["partitionkey"]);
        Assert.Equal(42, again.Event["sequence"]);
        Assert.Equal(true, again.Event["sampled"]);
    }
}
