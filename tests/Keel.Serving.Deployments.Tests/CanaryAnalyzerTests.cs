using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments.Tests;

public class CanaryAnalyzerTests
{
    private static readonly CanaryAnalyzer Analyzer = new();

    [Fact]
    public void Identical_distributions_are_promoted_once_there_is_enough_data()
    {
        var stable = Traffic.Simulate("stable", 1, 2000, seed: 1);
        var canary = Traffic.Simulate("canary", 2, 2000, seed: 2);

        var recommendation = Analyzer.Analyze(stable, canary, new CanaryPolicy());

        Assert.True(CanaryDecision.Promote == recommendation.Decision, string.Join("\n", recommendation.Reasons));
        Assert.Equal(1, recommendation.StableVersion);
        Assert.Equal(2, recommendation.CanaryVersion);
        Assert.All(recommendation.Checks, c => Assert.Equal(CanaryCheckResult.Passed, c.Result));
        Assert.InRange(recommendation.Metrics.P95LatencyRatio!.Value, 0.9, 1.1);
        Assert.InRange(recommendation.Metrics.ScoreKs!.Value, 0, 0.05);
    }

    [Fact]
    public void Too_little_data_means_continue_whatever_the_numbers()
    {
        var stable = Traffic.Simulate("stable", 1, 2000);
        var canary = Traffic.Simulate("canary", 2, 120, errorRate: 0.5, seed: 2);

        var recommendation = Analyzer.Analyze(stable, canary, new CanaryPolicy());

        Assert.Equal(CanaryDecision.Continue, recommendation.Decision);
        var reason = Assert.Single(recommendation.Reasons);
        Assert.Contains("not enough data", reason);
        Assert.Contains("canary 120", reason);
        Assert.Contains("500", reason);
        // The checks are still computed, so an early look shows where it is heading.
        Assert.Equal(CanaryCheckResult.Failed, recommendation.Checks.Single(c => c.Name == "errorRate").Result);
    }

    [Fact]
    public void A_canary_with_a_much_higher_error_rate_is_rolled_back_with_the_reason()
    {
        var stable = Traffic.Simulate("stable", 1, 2000, errorRate: 0.01);
        var canary = Traffic.Simulate("canary", 2, 1000, errorRate: 0.05, seed: 2);

        var recommendation = Analyzer.Analyze(stable, canary, new CanaryPolicy());

        Assert.Equal(CanaryDecision.Rollback, recommendation.Decision);
        var reason = Assert.Single(recommendation.Reasons);
        Assert.Contains("canary error rate", reason);
        Assert.Contains("significantly higher", reason);
        Assert.True(recommendation.Metrics.ErrorRatePValue < 0.001);
        Assert.InRange(recommendation.Metrics.CanaryErrorRate!.Value, 0.025, 0.075);
    }

    [Fact]
    public void A_shifted_score_distribution_is_rolled_back()
    {
        var stable = Traffic.Simulate("stable", 1, 2000);
        var canary = Traffic.Simulate("canary", 2, 1000, scoreShift: 0.6, seed: 2);

        var recommendation = Analyzer.Analyze(stable, canary, new CanaryPolicy());

        Assert.Equal(CanaryDecision.Rollback, recommendation.Decision);
        var reason = Assert.Single(recommendation.Reasons);
        Assert.Contains("KS", reason);
        Assert.True(recommendation.Metrics.ScoreKs > 0.1);
    }

    [Fact]
    public void A_slower_canary_is_rolled_back_on_the_p95_ratio()
    {
        var stable = Traffic.Simulate("stable", 1, 2000, medianLatencyMs: 20);
        var canary = Traffic.Simulate("canary", 2, 1000, medianLatencyMs: 32, seed: 2);

        var recommendation = Analyzer.Analyze(stable, canary, new CanaryPolicy());

        Assert.Equal(CanaryDecision.Rollback, recommendation.Decision);
        Assert.Contains("p95 latency", Assert.Single(recommendation.Reasons));
        Assert.InRange(recommendation.Metrics.P95LatencyRatio!.Value, 1.4, 1.8);
        // An absolute allowance larger than the increase accepts it.
        var lenient = Analyzer.Analyze(stable, canary, new CanaryPolicy { MinP95LatencyIncreaseMs = 100 });
        Assert.Equal(CanaryDecision.Promote, lenient.Decision);
    }

    [Fact]
    public void Without_scores_the_score_check_is_skipped_and_with_too_few_it_waits()
    {
        var stable = Traffic.Simulate("stable", 1, 1000, scores: false);
        var canary = Traffic.Simulate("canary", 2, 1000, seed: 2, scores: false);
        Assert.Equal(CanaryDecision.Promote, Analyzer.Analyze(stable, canary, new CanaryPolicy()).Decision);

        var scoring = Traffic.Simulate("stable", 1, 1000);
        var recommendation = Analyzer.Analyze(scoring, canary, new CanaryPolicy());
        Assert.Equal(CanaryDecision.Continue, recommendation.Decision);
        Assert.Contains("scores not compared yet", Assert.Single(recommendation.Reasons));
    }

    [Fact]
    public void Analysis_by_plan_reads_the_observations_recorded_for_its_stable_and_canary()
    {
        var plan = Plans.Canary(10);
        var store = new VariantObservationStore();
        var random = new Random(8);
        var router = new TrafficRouter(random);
        for (var i = 0; i < 20_000; i++)
        {
            var decision = router.Route(plan);
            store.For(plan.Tenant, plan.Model, decision.Primary).Record(true, 10 + random.NextDouble(), random.NextDouble());
        }
        var time = new FixedTime(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var analyzer = new CanaryAnalyzer(Options.Create(new CanaryPolicy { MinRequestsPerVariant = 1000 }), time);

        var recommendation = analyzer.Analyze(plan, store);

        Assert.Equal(CanaryDecision.Promote, recommendation.Decision);
        Assert.Equal(time.GetUtcNow(), recommendation.DecidedAt);
        Assert.Equal(20_000, recommendation.Metrics.StableRequests + recommendation.Metrics.CanaryRequests);
        Assert.Equal(1000, recommendation.Policy.MinRequestsPerVariant);
        Assert.Throws<ArgumentException>(() => analyzer.Analyze(plan with { Variants = [new("stable", 1, 100)] }, store));
    }

    [Fact]
    public void Observations_from_replicas_merge_into_the_same_result()
    {
        var whole = Traffic.Simulate("canary", 2, 1000, seed: 5);
        var first = Traffic.Simulate("canary", 2, 1000, seed: 5).Snapshot();
        var second = new VariantObservations(Plans.Tenant, Plans.Model, "canary", 2);

        second.Merge(first);

        Assert.Equal(whole.Requests, second.Requests);
        Assert.Equal(whole.Errors, second.Errors);
        Assert.Equal(whole.LatencyMs.Counts(), second.LatencyMs.Counts());
        Assert.Throws<ArgumentException>(() => second.Merge(Traffic.Simulate("stable", 1, 10)));
    }

    [Fact]
    public void A_recommendation_serialises_as_camel_case_json_for_publishing()
    {
        var recommendation = Analyzer.Analyze(Traffic.Simulate("stable", 1, 600), Traffic.Simulate("canary", 2, 600, errorRate: 0.2, seed: 2), new CanaryPolicy());

        var json = JsonSerializer.Serialize(recommendation, DeploymentJson.Options);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("rollback", root.GetProperty("decision").GetString());
        Assert.Equal("credit-risk", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("canaryVersion").GetInt32());
        Assert.Equal("failed", root.GetProperty("checks")[1].GetProperty("result").GetString());
        Assert.True(root.GetProperty("metrics").GetProperty("errorRatePValue").GetDouble() < 0.05);
        Assert.Equal(500, root.GetProperty("policy").GetProperty("minRequestsPerVariant").GetInt32());
        Assert.True(root.TryGetProperty("decidedAt", out _));
        var back = JsonSerializer.Deserialize<CanaryRecommendation>(json, DeploymentJson.Options)!;
        Assert.Equal(recommendation.Metrics, back.Metrics);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
