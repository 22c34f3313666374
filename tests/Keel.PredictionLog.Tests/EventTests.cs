using System.Text.Json;
using Keel.Events;

namespace Keel.PredictionLog.Tests;

/// <summary>The events this project builds pass the catalogue's schemas, and their ids are deterministic.</summary>
public sealed class EventTests
{
    [Fact]
    public void A_prediction_event_is_valid_and_keyed_by_prediction_and_model()
    {
        var cloudEvent = PredictionEvents.Create(Predictions.Record(5));

        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(cloudEvent));

        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        Assert.Equal("p-00005", decoded.Event!.Id);
        Assert.Equal("fraud", decoded.Event.Subject);
        Assert.Equal("acme/fraud", Keel.Kafka.KafkaEventPublisher.KeyOf(decoded.Event));
    }

    [Fact]
    public void Feature_values_become_json_scalars()
    {
        var record = Predictions.Record(1) with
        {
            Features = new Dictionary<string, object?>
            {
                ["NaN"] = double.NaN,
                ["When"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                ["Count"] = 7L,
                ["Ratio"] = 0.5f,
            },
        };

        var data = JsonSerializer.SerializeToElement(PredictionEvents.Create(record).Data);
        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(PredictionEvents.Create(record)));

        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        var features = data.GetProperty("features");
        Assert.Equal(JsonValueKind.Null, features.GetProperty("NaN").ValueKind);
        Assert.Equal("2026-01-02T03:04:05.0000000Z", features.GetProperty("When").GetString());
        Assert.Equal(7, features.GetProperty("Count").GetInt64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Not A Tenant")]
    public void A_record_no_event_could_carry_is_refused_at_the_caller(string tenant)
    {
        var record = Predictions.Record(1) with { Tenant = tenant };

        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record));
    }

    [Fact]
    public void Records_the_schema_would_refuse_are_refused_at_the_caller()
    {
        var record = Predictions.Record(1);
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { Model = "credit risk" }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { Variant = "" }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { Version = 0 }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { Entity = "" }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { LatencyMs = -1 }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { FeatureViews = new Dictionary<string, string> { ["applicant"] = "v1" } }));
        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record with { Explanation = new PredictionExplanation(0.1, [], "") }));
    }

    [Fact]
    public async Task TryLog_refuses_an_invalid_record_without_queueing_it()
    {
        await using var bed = LogTestBed.Start();
        var logger = bed.Logger();

        Assert.Throws<ArgumentException>(() => logger.TryLog(Predictions.Record(1) with { Model = "credit risk" }));

        Assert.Equal(0, logger.Status.Queued);
    }

    [Fact]
    public void A_nan_score_is_refused()
    {
        var record = Predictions.Record(1) with { Output = new PredictionOutput(double.NaN) };

        Assert.Throws<ArgumentException>(() => PredictionEvents.Validate(record));
    }

    [Fact]
    public void A_feedback_event_is_valid_and_repeats_its_id_for_the_same_feedback()
    {
        var at = new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.FromHours(2));

        var first = FeedbackEvents.Create("acme", "p-00001", true, at, "credit-risk", 3);
        var again = FeedbackEvents.Create("acme", "p-00001", true, at, "credit-risk", 3);
        var other = FeedbackEvents.Create("acme", "p-00001", false, at, "credit-risk", 3);

        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(first));
        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        Assert.Equal(KeelEventTypes.FeedbackLabel, decoded.Event!.Type);
        Assert.Equal("p-00001", decoded.Event.Subject);
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        var data = (JsonElement)decoded.Event.Data!;
        Assert.Equal("2026-02-01T08:00:00.0000000Z", data.GetProperty("observed_at").GetString());
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(3)]
    [InlineData("approved")]
    public void Feedback_labels_may_be_numbers_or_text(object label)
    {
        var cloudEvent = FeedbackEvents.Create("acme", "p-1", label, DateTimeOffset.UtcNow);

        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(cloudEvent));

        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
    }

    [Fact]
    public void Feedback_without_a_usable_label_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FeedbackEvents.Create("acme", "p-1", double.NaN, DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => FeedbackEvents.Create("acme", "p-1", "", DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => FeedbackEvents.Create("acme", "p-1", new object(), DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => FeedbackEvents.Create("acme", "", 1, DateTimeOffset.UtcNow));
    }
}
