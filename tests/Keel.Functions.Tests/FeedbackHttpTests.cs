using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keel.Events;

namespace Keel.Functions.Tests;

/// <summary>POST /api/feedback: a label for a prediction becomes a feedback.label event on keel.feedback.</summary>
public sealed class FeedbackHttpTests : IAsyncLifetime
{
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await RunningPlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(object body, string tenant = "acme")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Keel-Tenant", tenant);
        return _platform.Client.SendAsync(request);
    }

    [Fact]
    public async Task Feedback_is_published_on_keel_feedback_with_its_tenant_and_a_retry_repeats_the_same_event_id()
    {
        var observedAt = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var body = new { predictionId = "p-17", label = "bad", observedAt, model = "credit_risk", version = 3 };

        var first = await PostAsync(body);
        var second = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = (string?)(await first.Content.ReadFromJsonAsync<JsonNode>())!["id"];
        Assert.Equal(id, (string?)(await second.Content.ReadFromJsonAsync<JsonNode>())!["id"]);
        var events = DeadLetters.Read(_platform.BootstrapServers, KeelTopics.Feedback, expected: 2);
        Assert.Equal(2, events.Count);
        // Consumers drop the repeat by id.
        Assert.All(events, e => Assert.Equal(id, (string?)JsonNode.Parse(e.Payload)!["id"]));
        var feedback = JsonNode.Parse(events[0].Payload)!;
        Assert.Equal(KeelEventTypes.FeedbackLabel, (string?)feedback["type"]);
        Assert.Equal(id, (string?)feedback["id"]);
        Assert.Equal("acme", (string?)feedback["tenant"]);
        Assert.Equal("p-17", (string?)feedback["data"]!["prediction_id"]);
        Assert.Equal("bad", (string?)feedback["data"]!["label"]);
        Assert.Equal(3, (int)feedback["data"]!["version"]!);
    }

    [Theory]
    [InlineData("{\"label\": \"bad\"}", "predictionId")]
    [InlineData("{\"predictionId\": \"p-1\"}", "label")]
    [InlineData("{\"predictionId\": \"p-1\", \"label\": {\"nested\": 1}}", "label")]
    [InlineData("{\"predictionId\": \"p-1\", \"label\": \"bad\", \"version\": 0}", "version")]
    public async Task Malformed_feedback_is_refused_naming_the_field(string json, string field)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        var response = await _platform.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (string?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["detail"]);
    }
}
