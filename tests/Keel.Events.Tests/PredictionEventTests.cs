using System.Text.Json.Nodes;

namespace Keel.Events.Tests;

/// <summary>The schemas of prediction.logged and feedback.label: what they accept and which field a rejection names.</summary>
public class PredictionEventTests
{
    private readonly CloudEventCodec _codec = CloudEventCodec.Default;

    [Fact]
    public void Both_types_are_catalogued_on_their_topics()
    {
        Assert.True(EventCatalog.Default.TryGet(KeelEventTypes.PredictionLogged, out var prediction));
        Assert.Equal(KeelTopics.Predictions, prediction.Topic);
        Assert.Contains("subject", prediction.RequiredAttributes);
        Assert.False(prediction.AcceptedAtIngest);
        Assert.True(EventCatalog.Default.TryGet(KeelEventTypes.FeedbackLabel, out var feedback));
        Assert.Equal(KeelTopics.Feedback, feedback.Topic);
        Assert.False(feedback.AcceptedAtIngest);
    }

    [Fact]
    public void A_full_prediction_decodes_with_tenant_and_trace()
    {
        var result = _codec.Decode(EventFactory.Bytes(PredictionEventFactory.Prediction()));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var cloudEvent = result.Event!;
        Assert.Equal("acme", cloudEvent.GetTenant());
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", cloudEvent.GetTraceParent());
        Assert.Equal("credit-risk", cloudEvent.Subject);
    }

    [Fact]
    public void A_prediction_without_entity_explanation_or_label_is_valid()
    {
        var json = PredictionEventFactory.Prediction();
        var data = json["data"]!.AsObject();
        data["entity"] = null;
        data["explanation"] = null;
        data["output"] = new JsonObject { ["score"] = 12.5 };
        data["shadow"] = true;

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Theory]
    [InlineData("prediction_id", "\"\"", "data/prediction_id")]
    [InlineData("model", "\"credit risk\"", "data/model")]
    [InlineData("version", "0", "data/version")]
    [InlineData("version", "\"3\"", "data/version")]
    [InlineData("variant", "\"\"", "data/variant")]
    [InlineData("entity", "\"\"", "data/entity")]
    [InlineData("features", "{\"Age\":{\"years\":30}}", "data/features/Age")]
    [InlineData("features", "[1,2]", "data/features")]
    [InlineData("feature_views", "{\"applicant\":\"v1\"}", "data/feature_views/applicant")]
    [InlineData("output", "{\"label\":\"default\"}", "data/output")]
    [InlineData("output", "{\"score\":\"high\"}", "data/output/score")]
    [InlineData("output", "{\"score\":0.5,\"extra\":1}", "data/output/extra")]
    [InlineData("latency_ms", "-1", "data/latency_ms")]
    [InlineData("explanation", "{\"expected_value\":0.1,\"method\":\"tree_shap\"}", "data/explanation")]
    [InlineData("explanation", "{\"expected_value\":0.1,\"method\":\"tree_shap\",\"contributions\":[{\"feature\":\"Age\",\"value\":1,\"contribution\":\"big\"}]}", "data/explanation/contributions/0/contribution")]
    [InlineData("explanation", "\"none\"", "data/explanation")]
    [InlineData("shadow", "\"no\"", "data/shadow")]
    public void A_bad_prediction_field_is_named(string field, string value, string location)
    {
        var json = PredictionEventFactory.Prediction();
        json["data"]![field] = JsonNode.Parse(value);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == location);
    }

    [Theory]
    [InlineData("prediction_id")]
    [InlineData("model")]
    [InlineData("version")]
    [InlineData("variant")]
    [InlineData("entity")]
    [InlineData("features")]
    [InlineData("feature_views")]
    [InlineData("output")]
    [InlineData("latency_ms")]
    [InlineData("explanation")]
    [InlineData("shadow")]
    public void Every_prediction_field_is_required(string field)
    {
        var json = PredictionEventFactory.Prediction();
        json["data"]!.AsObject().Remove(field);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.Contains(result.Problems, p => p.Field == "data" && p.Message.Contains(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("time")]
    [InlineData("tenant")]
    public void A_prediction_needs_its_envelope_attributes(string attribute)
    {
        var json = PredictionEventFactory.Prediction();
        json.Remove(attribute);

        Assert.Contains(_codec.Decode(EventFactory.Bytes(json)).Problems, p => p.Field == attribute);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("0.25")]
    [InlineData("\"approved\"")]
    public void A_feedback_label_may_be_a_string_number_or_boolean(string label)
    {
        var json = PredictionEventFactory.Feedback();
        json["data"]!["label"] = JsonNode.Parse(label);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Fact]
    public void Feedback_without_model_and_version_is_valid()
    {
        var json = PredictionEventFactory.Feedback();
        json["data"]!.AsObject().Remove("model");
        json["data"]!.AsObject().Remove("version");

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Theory]
    [InlineData("prediction_id", "\"\"", "data/prediction_id")]
    [InlineData("label", "null", "data/label")]
    [InlineData("label", "{\"class\":1}", "data/label")]
    [InlineData("label", "\"\"", "data/label")]
    [InlineData("observed_at", "\"yesterday\"", "data/observed_at")]
    [InlineData("observed_at", "\"2026-02-01\"", "data/observed_at")]
    [InlineData("model", "\"bad model\"", "data/model")]
    [InlineData("version", "0", "data/version")]
    [InlineData("extra", "1", "data/extra")]
    public void A_bad_feedback_field_is_named(string field, string value, string location)
    {
        var json = PredictionEventFactory.Feedback();
        json["data"]![field] = JsonNode.Parse(value);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == location);
    }

    [Theory]
    [InlineData("prediction_id")]
    [InlineData("label")]
    [InlineData("observed_at")]
    public void Feedback_fields_are_required(string field)
    {
        var json = PredictionEventFactory.Feedback();
        json["data"]!.AsObject().Remove(field);

        var result = _codec.Decode(EventFactory.Bytes(json));

        Assert.Contains(result.Problems, p => p.Field == "data" && p.Message.Contains(field, StringComparison.Ordinal));
    }
}
