using System.Text;
using System.Text.Json;
using Keel.Hardening.Json;

namespace Keel.Hardening.Tests.Http;

public class JsonDepthTests
{
    private static byte[] Nested(int depth, string open = "[", string close = "]") =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));

    [Fact]
    public void The_check_agrees_with_the_serializer_s_max_depth()
    {
        const int limit = 32;
        var serializer = new JsonSerializerOptions { MaxDepth = limit };
        for (var depth = 1; depth <= 40; depth++)
        {
            var json = Nested(depth);
            bool parses;
            try
            {
                JsonSerializer.Deserialize<JsonElement>(json, serializer);
                parses = true;
            }
            catch (JsonException)
            {
                parses = false;
            }
            Assert.Equal(parses, JsonDepth.IsWithin(json, limit));
            Assert.Equal(depth <= limit, JsonDepth.IsWithin(json, limit));
        }
    }

    [Fact]
    public void Objects_count_like_arrays()
    {
        var json = Nested(5, "{\"a\":", "}");

        Assert.True(JsonDepth.IsWithin(json, 5));
        Assert.False(JsonDepth.IsWithin(json, 4));
    }

    [Fact]
    public void Malformed_json_is_left_to_the_parser_unless_it_is_already_too_deep()
    {
        Assert.True(JsonDepth.IsWithin("{\"a\": [1, 2"u8, 4));
        Assert.False(JsonDepth.IsWithin("[[[[[[ broken"u8, 4));
    }

    [Fact]
    public void The_document_options_refuse_what_the_check_refuses()
    {
        var json = Nested(9);

        Assert.False(JsonDepth.IsWithin(json, 8));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json, JsonDepth.DocumentOptions(8)));
        using var ok = JsonDocument.Parse(Nested(8), JsonDepth.DocumentOptions(8));
    }
}
