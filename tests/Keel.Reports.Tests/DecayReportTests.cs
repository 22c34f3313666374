using System.Text.Json;
using Keel.Decay;
using Keel.Decay.Metrics;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Keel.Reports.Decay;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Keel.Reports.Tests;

/// <summary>Decay reports read from the decay store of joined predictions and labels.</summary>
public sealed class DecayReportTests : IDisposable
{
    private const string Tenant = "acme";
    private const string Model = "credit";
    private static readonly DateTimeOffset Now = ReportBed.Now;
    private static readonly DecayBaseline Registered = new(new Dictionary<string, double> { ["auc"] = 0.9, ["accuracy"] = 0.8, ["precision"] = 0.75 }, null);

    private readonly string _directory = Directory.CreateTempSubdirectory("keel-decay-report-").FullName;
    private readonly SqliteDecayStore _store;

    public DecayReportTests()
    {
        _store = new SqliteDecayStore(Path.Combine(_directory, "decay.db"));
    }

    private DecayReports Reports(DecayBaseline? baseline = null) =>
        new(_store, new FixedBaselines(baseline ?? Registered), Options.Create(new DecayOptions()), Options.Create(new ReportOptions()), new FixedClock(Now));

    /// <summary>Scores uniform in [0, 1] and labels that follow them only loosely: an AUC near 0.7, well below the registered 0.9.</summary>
    private async Task<List<LabelledScore>> LabelAsync(int count, DateTimeOffset predictedAt, int seed, string tenant = Tenant, int version = 1)
    {
        var random = new Random(seed);
        var pairs = new List<LabelledScore>(count);
        var predictions = new List<ObservedPrediction>(count);
        var labels = new List<ObservedLabel>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{tenant}-{seed}-{i}";
            var score = random.NextDouble();
            var positive = random.NextDouble() < 0.3 + 0.4 * score;
            pairs.Add(new LabelledScore(score, positive));
            predictions.Add(new ObservedPrediction("p-" + id, tenant, id, id, Model, version, score, predictedAt.AddSeconds(i)));
            labels.Add(new ObservedLabel("l-" + id, tenant, id, JsonSerializer.Serialize(positive), Now));
        }
        await _store.ApplyAsync(predictions, [], Now, new DecayOptions(), default);
        await _store.ApplyAsync([], labels, Now, new DecayOptions(), default);
        return pairs;
    }

    [Fact]
    public async Task The_numbers_are_the_live_metrics_of_the_same_pairs_judged_against_the_registered_ones()
    {
        var pairs = await LabelAsync(400, Now.AddHours(-5), seed: 1);

        var report = await Reports().BuildAsync(Tenant, Model, null, ReportWindow.All, default);

        var expected = LiveMetrics.Compute(pairs);
        var metrics = report.Metrics.ToDictionary(m => m.Metric);
        Assert.Equal(1, report.Version);
        Assert.Equal(400, report.Labelled);
        Assert.Equal(400, report.Measured);
        Assert.Equal(expected.Accuracy, metrics["accuracy"].Live);
        Assert.Equal(expected.Precision, metrics["precision"].Live);
        Assert.Equal(expected.Recall, metrics["recall"].Live);
        Assert.Equal(expected.Auc!.Value, metrics["auc"].Live!.Value, 12);
        Assert.Equal(expected.Brier!.Value, metrics["brier"].Live!.Value, 12);
        Assert.Equal(expected.Ece!.Value, metrics["ece"].Live!.Value, 12);
        Assert.Equal(0.9, metrics["auc"].Registered);
        Assert.Equal(0.05, metrics["auc"].Margin);
        Assert.True(expected.Auc < 0.85, $"the sample's AUC is {expected.Auc}");
        Assert.Equal(MetricVerdict.Degraded, metrics["auc"].Verdict);
        // A registered metric without a margin is shown, not judged.
        Assert.Equal(MetricVerdict.NotCompared, metrics["precision"].Verdict);
        Assert.Equal(DecayVerdict.Degraded, report.Verdict);

        Assert.Equal(400, report.Reliability.Sum(b => b.Count));
        Assert.Equal(expected.Ece!.Value, report.Reliability.Where(b => b.Count > 0).Sum(b => b.Count / 400.0 * b.Gap!.Value), 12);
        Assert.Equal(new LabelOutcomeCounts(400, 0, 0, 0), report.LabelOutcomes);
    }

    [Fact]
    public async Task A_duration_takes_only_the_predictions_made_within_it()
    {
        await LabelAsync(150, Now.AddDays(-3), seed: 2);
        var recent = await LabelAsync(250, Now.AddHours(-2), seed: 3);

        Assert.True(ReportWindow.TryParse("24h", ReportWindow.All, out var window, out _));
        var report = await Reports().BuildAsync(Tenant, Model, 1, window, default);

        Assert.Equal(250, report.Labelled);
        Assert.Equal(LiveMetrics.Compute(recent).Accuracy, report.Metrics.Single(m => m.Metric == "accuracy").Live);
        Assert.Equal(Now.AddDays(-1), report.Window.Since);
        Assert.Equal(Now.AddHours(-2), report.Window.From);
        Assert.Equal(400, (await Reports().BuildAsync(Tenant, Model, 1, ReportWindow.All, default)).Labelled);
    }

    [Fact]
    public async Task Too_few_labels_are_measured_but_not_judged()
    {
        await LabelAsync(50, Now.AddHours(-1), seed: 4);

        var report = await Reports().BuildAsync(Tenant, Model, null, ReportWindow.All, default);

        Assert.Equal(DecayVerdict.NotJudged, report.Verdict);
        Assert.Equal(MetricVerdict.TooFewLabels, report.Metrics.Single(m => m.Metric == "auc").Verdict);
        Assert.NotNull(report.Metrics.Single(m => m.Metric == "auc").Live);
        Assert.Equal(200, report.MinLabels);
    }

    [Fact]
    public async Task Label_outcomes_count_duplicates_and_labels_still_waiting()
    {
        await LabelAsync(10, Now.AddHours(-1), seed: 5);
        await _store.ApplyAsync([],
        [
            new ObservedLabel("again", Tenant, $"{Tenant}-5-0", "true", Now),
            new ObservedLabel("early", Tenant, "not-yet-predicted", "false", Now),
        ], Now, new DecayOptions(), default);

        var report = await Reports().BuildAsync(Tenant, Model, null, ReportWindow.All, default);

        Assert.Equal(new LabelOutcomeCounts(10, 1, 0, 1), report.LabelOutcomes);
        Assert.Equal(10, report.Labelled);
    }

    [Fact]
    public async Task Another_tenant_an_unknown_model_or_version_is_not_found_and_latest_is_refused()
    {
        await LabelAsync(20, Now.AddHours(-1), seed: 6);

        await Assert.ThrowsAsync<ReportNotFoundException>(() => Reports().BuildAsync("globex", Model, null, ReportWindow.All, default));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => Reports().BuildAsync(Tenant, "fraud", null, ReportWindow.All, default));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => new DecayReports(_store, new FixedBaselines(null), Options.Create(new DecayOptions()),
            Options.Create(new ReportOptions()), new FixedClock(Now)).BuildAsync(Tenant, Model, 4, ReportWindow.All, default));
        var latest = await Assert.ThrowsAsync<ArgumentException>(() => Reports().BuildAsync(Tenant, Model, null, ReportWindow.Latest, default));
        Assert.StartsWith("window:", latest.Message);
    }

    [Fact]
    public async Task The_page_shows_the_verdict_the_metrics_and_the_calibration_and_the_json_is_snake_case()
    {
        await LabelAsync(300, Now.AddHours(-1), seed: 7);

        var report = await Reports().BuildAsync(Tenant, Model, null, ReportWindow.All, default);
        var html = DecayReportHtml.Render(report);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        Assert.Matches("Degraded: [a-z, ]*auc[a-z, ]* worse than the registered value", html);
        Assert.Contains("<svg class=\"reliability\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("degraded", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(300, json.RootElement.GetProperty("label_outcomes").GetProperty("joined").GetInt64());
        var auc = json.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "auc");
        Assert.Equal("degraded", auc.GetProperty("verdict").GetString());
        Assert.True(auc.GetProperty("higher_is_better").GetBoolean());
        Assert.Equal("too_few_labels", JsonSerializer.Serialize(MetricVerdict.TooFewLabels, ReportJson.Options).Trim('"'));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class FixedBaselines(DecayBaseline? baseline) : IDecayBaselines
    {
        public Task<DecayBaseline?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken) => Task.FromResult(baseline);
    }
}
