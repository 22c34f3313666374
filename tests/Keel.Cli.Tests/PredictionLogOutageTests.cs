using Keel.Kafka;
using Keel.PredictionLog;

namespace Keel.Cli.Tests;

/// <summary>
/// Kafka goes down while <c>/api/predict</c> is answering: every answer is still given, and once
/// Kafka is back every prediction's <c>prediction.logged</c> event is on the topic exactly once.
/// The platform is its own, since the outage would disturb any other test sharing it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PredictionLogOutageTests(SingleVersionFixture served) : IClassFixture<SingleVersionFixture>
{
    [Fact]
    public async Task With_kafka_down_predictions_still_answer_and_every_log_event_arrives_once_after_recovery()
    {
        var cluster = served.Service<KafkaConnection>().Embedded!;
        var log = served.Service<PredictionLogger>();
        var sentBefore = log.Status.Sent;
        var ids = new List<string>();
        for (var i = 1; i <= 20; i++)
        {
            ids.Add((string)(await served.PredictOkAsync(new { entity = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }))["predictionId"]!);
        }
        // The outage starts with nothing in flight. A real broker drops an idempotent producer's
        // retry of a request whose answer it lost; the embedded (mock) cluster checks sequences only
        // for transactional producers and stores such a retry twice, which would be its duplicate, not the log's.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (log.Status.Sent < sentBefore + ids.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the first predictions were not acknowledged by Kafka: {log.Status}");
            await Task.Delay(20);
        }

        foreach (var broker in cluster.BrokerIds)
        {
            cluster.SetBrokerDown(broker);
        }
        try
        {
            for (var i = 21; i <= 120; i++)
            {
                var answer = await served.PredictOkAsync(new { entity = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                Assert.True((bool)answer["logged"]!);
                ids.Add((string)answer["predictionId"]!);
            }
            // Long enough for the log's publishes to fail and its records to go to the spool.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            foreach (var broker in cluster.BrokerIds)
            {
                cluster.SetBrokerUp(broker);
            }
        }

        var events = served.ReadPredictions(all => ids.All(id => all.Any(e => e.Id == id)), TimeSpan.FromSeconds(90));
        foreach (var id in ids)
        {
            Assert.Single(events, e => e.Id == id);
        }
    }
}
