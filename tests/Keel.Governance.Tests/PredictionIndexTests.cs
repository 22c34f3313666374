using CloudNative.CloudEvents;
using Keel.Events;
using Keel.PredictionLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Governance.Tests;

/// <summary>The index fed by <c>prediction.logged</c> events: by id, within a tenant only, once per id, for the retention.</summary>
public sealed class PredictionIndexTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory _dir = new();
    private readonly SqlitePredictionIndex _index;
    private readonly ManualClock _clock = new(Now);
    private readonly IndexPredictions _handler;

    public PredictionIndexTests()
    {
        _index = new SqlitePredictionIndex(_dir.File("governance", "predictions.db"));
        _handler = new IndexPredictions(_index, Options.Create(new GovernanceOptions { PredictionRetention = TimeSpan.FromDays(30) }), _clock, NullLogger<IndexPredictions>.Instance);
    }

    private static Dictionary<string, object?> Features() => new()
    {
        ["income"] = 41_250.5,
        ["debt"] = 12_000L,
        ["region"] = "north",
        ["has_guarantor"] = true,
        ["opened_at"] = new DateTimeOffset(2023, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1234567),
        ["age"] = null,
    };

    [Fact]
    public async Task A_logged_prediction_is_found_by_id_in_its_tenant_as_it_was_logged()
    {
        var time = Now.AddMinutes(-5).AddTicks(7);
        var outcome = await _handler.HandleAsync([LoggedEvents.Of(LoggedEvents.Record("acme", "p-1", "credit_risk", 3, Features(), 0.73, time, "yes"))], CancellationToken.None);

        Assert.Empty(outcome.Rejected);
        var found = await _index.GetAsync("acme", "p-1", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(("credit_risk", 3, "default", "c000042", 0.73, time), (found.Model, found.Version, found.Variant, found.Entity, found.Score, found.Time));
        Assert.Equal(41_250.5, found.Features["income"].GetDouble());
        Assert.Equal(12_000L, found.Features["debt"].GetInt64());
        Assert.Equal("2023-02-03T04:05:06.1234567Z", found.Features["opened_at"].GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, found.Features["age"].ValueKind);
        Assert.Equal("yes", found.Label!.Value.GetString());
        Assert.Equal(LoggedEvents.Views, found.FeatureViews);
        Assert.Null(found.Explanation);
    }

    [Fact]
    public async Task Another_tenants_prediction_is_not_found_exactly_like_a_missing_one()
    {
        await _handler.HandleAsync([LoggedEvents.Of(LoggedEvents.Record("acme", "p-1", "credit_risk", 3, Features(), 0.73, Now))], CancellationToken.None);

        Assert.Null(await _index.GetAsync("globex", "p-1", CancellationToken.None));
        Assert.Null(await _index.GetAsync("acme", "p-2", CancellationToken.None));
        Assert.Null(await _index.GetAsync("not a tenant", "p-1", CancellationToken.None));

        // The same id in another tenant is another prediction, and neither sees the other.
        await _handler.HandleAsync([LoggedEvents.Of(LoggedEvents.Record("globex", "p-1", "fraud", 1, Features(), 0.11, Now))], CancellationToken.None);
        Assert.Equal("credit_risk", (await _index.GetAsync("acme", "p-1", CancellationToken.None))!.Model);
        Assert.Equal("fraud", (await _index.GetAsync("globex", "p-1", CancellationToken.None))!.Model);
    }

    [Fact]
    public async Task A_redelivered_prediction_is_kept_once_as_first_logged()
    {
        var first = LoggedEvents.Record("acme", "p-1", "credit_risk", 3, Features(), 0.73, Now);
        await _handler.HandleAsync([LoggedEvents.Of(first)], CancellationToken.None);
        await _handler.HandleAsync([LoggedEvents.Of(first), LoggedEvents.Of(first with { PredictionId = "p-2" })], CancellationToken.None);

        var again = LoggedPredictions.Read(LoggedEvents.Of(first with { Output = new PredictionOutput(0.99) })).Prediction!;
        Assert.Equal(0, await _index.AddAsync([again], CancellationToken.None));
        Assert.Equal(0.73, (await _index.GetAsync("acme", "p-1", CancellationToken.None))!.Score);
        Assert.NotNull(await _index.GetAsync("acme", "p-2", CancellationToken.None));
    }

    [Fact]
    public async Task An_explanation_logged_with_the_prediction_is_kept_with_it()
    {
        var record = LoggedEvents.Record("acme", "p-1", "credit_risk", 3, Features(), 0.73, Now) with
        {
            Explanation = new PredictionExplanation(-1.25, [new FeatureContribution("income", 41_250.5, -0.5), new FeatureContribution("region", "north", 0.75)], "tree_shap"),
        };
        await _handler.HandleAsync([LoggedEvents.Of(record)], CancellationToken.None);

        var explanation = (await _index.GetAsync("acme", "p-1", CancellationToken.None))!.Explanation;
        Assert.NotNull(explanation);
        Assert.Equal((-1.25, "tree_shap"), (explanation.ExpectedValue, explanation.Method));
        Assert.Equal([("income", -0.5, "41250.5"), ("region", 0.75, "\"north\"")], explanation.Contributions.Select(c => (c.Feature, c.Contribution, c.Value.GetRawText())));
    }

    [Fact]
    public async Task Events_no_prediction_can_be_read_from_are_rejected_with_the_reason()
    {
        var untenanted = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = "p-9",
            Source = new Uri("/keel/serving", UriKind.Relative),
            Type = KeelEventTypes.PredictionLogged,
            Time = Now,
            Data = System.Text.Json.JsonSerializer.SerializeToElement(new { prediction_id = "p-9" }),
        };
        var otherType = LoggedEvents.Of(LoggedEvents.Record("acme", "p-8", "credit_risk", 3, Features(), 0.5, Now));
        otherType.Type = KeelEventTypes.FeedbackLabel;

        var outcome = await _handler.HandleAsync([untenanted, otherType], CancellationToken.None);

        Assert.Equal(2, outcome.Rejected.Count);
        Assert.Contains("tenant", outcome.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains(KeelEventTypes.PredictionLogged, outcome.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Null(await _index.GetAsync("acme", "p-8", CancellationToken.None));
    }

    [Fact]
    public async Task Predictions_past_the_retention_are_forgotten_and_not_indexed()
    {
        await _handler.HandleAsync(
        [
            LoggedEvents.Of(LoggedEvents.Record("acme", "old", "credit_risk", 3, Features(), 0.5, Now.AddDays(-31))),
            LoggedEvents.Of(LoggedEvents.Record("acme", "young", "credit_risk", 3, Features(), 0.5, Now.AddDays(-29))),
        ], CancellationToken.None);
        Assert.Null(await _index.GetAsync("acme", "old", CancellationToken.None));
        Assert.NotNull(await _index.GetAsync("acme", "young", CancellationToken.None));

        _clock.Now = Now.AddDays(2);
        await _handler.HandleAsync([], CancellationToken.None);

        Assert.Null(await _index.GetAsync("acme", "young", CancellationToken.None));
    }

    public void Dispose() => _dir.Dispose();
}
