using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Events;

namespace Keel.Functions.Tests;

/// <summary>POST /api/events over real HTTP on loopback, into the embedded Kafka cluster and on to the stores.</summary>
public sealed class IngestionHttpTests : IAsyncLifetime
{
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await RunningPlatform.StartAsync();
        await TestRepository.ApplyAsync(_platform.Client);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    // Recent enough that the 30-day TTL of loan_features has not expired.
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task A_batch_with_bad_events_stores_the_good_ones_and_lists_every_rejected_one()
    {
        var missingSource = TestRepository.Record("bad-1", "L3", 1, 1, false, T0);
        missingSource.Remove("source");
        var unknownType = TestRepository.Record("bad-2", "L4", 1, 1, false, T0);
        unknownType["type"] = "com.example.unknown.v1";
        var schemaViolation = TestRepository.Record("bad-3", "L5", 1, 1, false, T0);
        schemaViolation["data"]!["values"] = "not an object";
        var datasetViolation = TestRepository.Record("bad-4", "L6", 1, 1, false, T0);
        datasetViolation["data"]!["values"]!["income"] = "a lot";

        var response = await _platform.Client.PostAsync("/api/events", TestRepository.Batch(
            TestRepository.Record("ok-1", "L1", 100, 1000, false, T0),
            missingSource, unknownType, schemaViolation, datasetViolation,
            TestRepository.Record("ok-2", "L2", 200, 400, true, T0)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(6, (int)problem["received"]!);
        Assert.Equal(2, (int)problem["accepted"]!);
        var rejected = problem["rejected"]!.AsArray();
        Assert.Equal([1, 2, 3, 4], rejected.Select(r => (int)r!["index"]!));
        Assert.Equal("source", (string?)rejected[0]!["errors"]![0]!["field"]);
        Assert.Equal("type", (string?)rejected[1]!["errors"]![0]!["field"]);
        Assert.Contains("data/values", (string?)rejected[2]!["errors"]![0]!["field"]);
        Assert.Equal("data/values/income", (string?)rejected[3]!["errors"]![0]!["field"]);
        Assert.DoesNotContain("   at ", problem.ToJsonString());

        var online = await Waiting.UntilAsync(
            () => ReadOnlineAsync("L1", "L2"),
            r => r["results"]!.AsArray().All(e => (string?)e!["status"]!["amount"] == "present"),
            what: "the accepted records to reach the online store");
        Assert.Equal(200.0, (double)online["results"]![1]!["values"]!["amount"]!);
        Assert.Equal(0.5, (double)online["results"]![1]!["values"]!["amount_to_income"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string?)online["viewVersions"]!["loan_features"]);
        var age = (double)online["results"]![1]!["ageSeconds"]!["amount"]!;
        Assert.InRange(age, 3500, 3700 + 120);

        var letters = DeadLetters.Read(_platform.BootstrapServers, KeelTopics.DeadLetterOf(KeelTopics.Ingest), 4);
        Assert.Equal(4, letters.Count);
        Assert.Contains(letters, l => l.Reason.Contains("source") && l.Payload.Contains("bad-1"));
        Assert.Contains(letters, l => l.Reason.Contains("com.example.unknown.v1"));
        Assert.Contains(letters, l => l.Reason.Contains("data/values/income"));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_body_and_is_dead_lettered()
    {
        var response = await _platform.Client.PostAsync("/api/events",
            new StringContent("[{\"specversion\": \"1.0\",", Encoding.UTF8, CloudEventCodec.BatchContentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("body", (string?)problem["errors"]![0]!["field"]);
        Assert.Contains("not valid JSON", (string?)problem["detail"]);
        var letter = Assert.Single(DeadLetters.Read(_platform.BootstrapServers, KeelTopics.DeadLetterOf(KeelTopics.Ingest), 1));
        Assert.Contains("not valid JSON", letter.Reason);
    }

    [Fact]
    public async Task A_single_valid_event_is_accepted()
    {
        var response = await _platform.Client.PostAsync("/api/events", TestRepository.Single(TestRepository.Record("one", "L9", 5, 10, false, T0)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)body["accepted"]!);
    }

    [Fact]
    public async Task An_event_for_another_tenant_is_rejected_and_not_stored_under_it()
    {
        using var acme = _platform.ClientFor("acme");
        var response = await acme.PostAsync("/api/events", TestRepository.Single(TestRepository.Record("elsewhere", "L7", 5, 10, false, T0, tenant: "default")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)problem["accepted"]!);
        var error = problem["rejected"]![0]!["errors"]![0]!;
        Assert.Equal("tenant", (string?)error["field"]);
        Assert.Contains("'acme'", (string?)error["message"]);
    }

    [Fact]
    public async Task Another_media_type_is_a_415_that_says_which_to_use()
    {
        var response = await _platform.Client.PostAsync("/api/events", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(CloudEventCodec.BatchContentType, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Records_of_a_dataset_without_a_repository_are_rejected_by_name()
    {
        var record = TestRepository.Record("x", "L1", 1, 1, false, T0);
        record["data"]!["dataset"] = "claims";

        var response = await _platform.Client.PostAsync("/api/events", TestRepository.Single(record));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no feature repository is applied for dataset 'claims'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_feature_service_is_a_404_problem()
    {
        var response = await _platform.Client.PostAsync("/api/features/online",
            new StringContent(JsonSerializer.Serialize(new { service = "nope", entities = new[] { "L1" } }), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("feature service 'nope'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Records_reaching_kafka_directly_are_validated_by_the_materializer_and_bad_ones_dead_lettered()
    {
        var publisher = (Keel.Events.Messaging.IEventPublisher)_platform.Services.GetService(typeof(Keel.Events.Messaging.IEventPublisher))!;
        var bad = TestRepository.Record("direct-bad", "K2", 1, 1, false, T0);
        bad["data"]!["values"]!["amount"] = "twelve";
        var events = new[] { TestRepository.Record("direct-ok", "K1", 7, 70, false, T0), bad }
            .Select(json => CloudEventCodec.Default.Decode(Encoding.UTF8.GetBytes(json.ToJsonString())).Event!)
            .ToArray();

        await publisher.PublishAsync(KeelTopics.Records, events, default);

        var letter = Assert.Single(DeadLetters.Read(_platform.BootstrapServers, KeelTopics.DeadLetterOf(KeelTopics.Records), 1));
        Assert.Contains("data/values/amount", letter.Reason);
        Assert.Contains("direct-bad", letter.Payload);
        var online = await Waiting.UntilAsync(() => ReadOnlineAsync("K1", "K2"),
            r => (string?)r["results"]![0]!["status"]!["amount"] == "present", what: "the valid record to be materialized");
        Assert.Equal("not_found", (string?)online["results"]![1]!["status"]!["amount"]);
    }

    [Fact]
    public async Task The_dapr_push_target_materializes_good_events_and_drops_bad_ones_to_the_dead_letter_topic()
    {
        var good = await _platform.Client.PostAsync("/api/dapr/materialize-features", TestRepository.Single(TestRepository.Record("push-ok", "D1", 3, 30, true, T0)));
        var badRecord = TestRepository.Record("push-bad", "D2", 3, 30, true, T0);
        badRecord["data"]!["values"]!.AsObject().Remove("amount");
        var bad = await _platform.Client.PostAsync("/api/dapr/materialize-features", TestRepository.Single(badRecord));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("SUCCESS", (string?)JsonNode.Parse(await good.Content.ReadAsStringAsync())!["status"]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("DROP", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["status"]);
        var online = await ReadOnlineAsync("D1");
        Assert.Equal("present", (string?)online["results"]![0]!["status"]!["amount"]);
        var letter = Assert.Single(DeadLetters.Read(_platform.BootstrapServers, KeelTopics.DeadLetterOf(KeelTopics.Records), 1));
        Assert.Contains("data/values/amount", letter.Reason);
    }

    private async Task<JsonNode> ReadOnlineAsync(params string[] entities)
    {
        var response = await _platform.Client.PostAsync("/api/features/online",
            new StringContent(JsonSerializer.Serialize(new { service = "loan_model", entities }), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
