using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Keel.Events;
using Keel.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Cli.Tests;

/// <summary>
/// <c>keel up</c>'s platform with the credit sample loaded and one model trained, approved and
/// deployed through the workflow — twice, so versions 1 and 2 are both served (2 is current).
/// </summary>
public class ServedModelFixture : IAsyncLifetime
{
    public const string Model = "credit_served";

    public ServedModelFixture()
        : this(new WorkflowPlatformFixture())
    {
    }

    protected ServedModelFixture(WorkflowPlatformFixture platform) => Platform = platform;

    public WorkflowPlatformFixture Platform { get; }

    public HttpClient Http { get; private set; } = null!;

    protected virtual int Versions => 2;

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        Http = TestCallers.Impersonating(Platform.Platform.Services, Platform.Platform.Address, TimeSpan.FromMinutes(2));
        for (var i = 0; i < Versions; i++)
        {
            await Platform.DeployAsync(Model);
        }
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(await Http.GetAsync($"/v2/models/{Model}/versions/{Versions}/ready")).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, $"version {Versions} of {Model} was not served in time");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await Platform.DisposeAsync();
    }

    public T Service<T>() where T : notnull => Platform.Platform.Services.GetRequiredService<T>();

    public Task<HttpResponseMessage> PredictAsync(object body, string model = Model, string query = "") =>
        Http.PostAsJsonAsync($"/api/predict/{model}{query}", body);

    public async Task<JsonObject> PredictOkAsync(object body, string query = "")
    {
        using var response = await PredictAsync(body, Model, query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The events on keel.predictions, read from the start by a new consumer group until <paramref name="until"/> holds or time runs out.</summary>
    public List<CloudNative.CloudEvents.CloudEvent> ReadPredictions(Func<List<CloudNative.CloudEvents.CloudEvent>, bool> until, TimeSpan patience)
    {
        var connection = Service<KafkaConnection>();
        var config = connection.CreateConsumerConfig("test-reader-" + Guid.NewGuid().ToString("N"));
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(KeelTopics.Predictions);
        var events = new List<CloudNative.CloudEvents.CloudEvent>();
        var deadline = DateTime.UtcNow + patience;
        DateTime? quietUntil = null;
        // Reading on for a moment after the condition holds lets a duplicate show itself.
        while (DateTime.UtcNow < deadline && (quietUntil is null || DateTime.UtcNow < quietUntil))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } message)
            {
                events.Add(CloudEventCodec.Default.Decode(message.Message.Value).Event!);
            }
            if (quietUntil is null && until(events))
            {
                quietUntil = DateTime.UtcNow.AddSeconds(1);
            }
        }
        consumer.Close();
        return events;
    }
}

/// <summary>The same, with one version: for tests that break the platform's Kafka.</summary>
public sealed class SingleVersionFixture : ServedModelFixture
{
    protected override int Versions => 1;
}
