using System.Globalization;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments;

/// <summary>
/// Compares a canary with the stable version on error rate, p95 latency and score distribution, and
/// recommends promote, rollback or continue. Until both have served
/// <see cref="CanaryPolicy.MinRequestsPerVariant"/> requests the answer is continue, whatever the
/// numbers say; after that any failed check means rollback, an inconclusive one continue, and all
/// passed promote. The checks are computed every time, so an early look still shows the trend.
/// </summary>
public sealed class CanaryAnalyzer(IOptions<CanaryPolicy>? options = null, TimeProvider? timeProvider = null)
{
    private readonly CanaryPolicy defaultPolicy = options?.Value ?? new CanaryPolicy();
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>Analyses by the configured policy.</summary>
    public CanaryRecommendation Analyze(VariantObservations stable, VariantObservations canary) => Analyze(stable, canary, defaultPolicy);

    /// <summary>Analyses the plan's stable and canary variants from the observations recorded for them.</summary>
    /// <exception cref="ArgumentException">The plan does not have exactly one stable and one canary variant.</exception>
    public CanaryRecommendation Analyze(DeploymentPlan plan, VariantObservationStore observations, CanaryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observations);
        var stable = plan.Find(VariantRole.Stable) ?? throw new ArgumentException($"The plan of '{plan.Model}' needs exactly one stable variant for canary analysis.", nameof(plan));
        var canary = plan.Find(VariantRole.Canary) ?? throw new ArgumentException($"The plan of '{plan.Model}' needs exactly one canary variant for canary analysis.", nameof(plan));
        return Analyze(observations.For(plan.Tenant, plan.Model, stable), observations.For(plan.Tenant, plan.Model, canary), policy ?? defaultPolicy);
    }

    public CanaryRecommendation Analyze(VariantObservations stable, VariantObservations canary, CanaryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(stable);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(policy);
        if (stable.Tenant != canary.Tenant || stable.Model != canary.Model)
        {
            throw new ArgumentException($"Canary analysis compares two versions of one model; got {stable.Tenant}/{stable.Model} and {canary.Tenant}/{canary.Model}.");
        }
        var s = stable.Snapshot();
        var c = canary.Snapshot();

        double? stableRate = s.Requests > 0 ? (double)s.Errors / s.Requests : null;
        double? canaryRate = c.Requests > 0 ? (double)c.Errors / c.Requests : null;
        var (z, p) = CanaryStatistics.ErrorRateIncrease(s.Errors, s.Requests, c.Errors, c.Requests);
        var stableP95 = s.LatencyMs.Quantile(0.95);
        var canaryP95 = c.LatencyMs.Quantile(0.95);
        double? latencyRatio = stableP95 is > 0 && canaryP95 is { } cp ? cp / stableP95.Value : null;
        long stableScores = s.Scores.Count, canaryScores = c.Scores.Count;
        var scoresComparable = stableScores >= policy.MinScoresPerVariant && canaryScores >= policy.MinScoresPerVariant && stableScores > 0 && canaryScores > 0;
        double? ks = scoresComparable ? CanaryStatistics.KolmogorovSmirnov(s.Scores, c.Scores) : null;
        double? psi = scoresComparable ? CanaryStatistics.PopulationStabilityIndex(s.Scores, c.Scores) : null;
        var metrics = new CanaryMetrics(s.Requests, c.Requests, s.Errors, c.Errors, stableRate, canaryRate,
            canaryRate - stableRate, s.Requests > 0 && c.Requests > 0 ? z : null, s.Requests > 0 && c.Requests > 0 ? p : null,
            stableP95, canaryP95, latencyRatio, stableScores, canaryScores, ks, psi);

        var volume = VolumeCheck(s, c, policy);
        var checks = new List<CanaryCheck>
        {
            volume,
            ErrorRateCheck(metrics, policy),
            LatencyCheck(metrics, policy),
            ScoreCheck(metrics, policy),
        };

        CanaryDecision decision;
        IEnumerable<CanaryCheck> because;
        if (volume.Result != CanaryCheckResult.Passed)
        {
            decision = CanaryDecision.Continue;
            because = [volume];
        }
        else if (checks.Any(k => k.Result == CanaryCheckResult.Failed))
        {
            decision = CanaryDecision.Rollback;
            because = checks.Where(k => k.Result == CanaryCheckResult.Failed);
        }
        else if (checks.Any(k => k.Result == CanaryCheckResult.Inconclusive))
        {
            decision = CanaryDecision.Continue;
            because = checks.Where(k => k.Result == CanaryCheckResult.Inconclusive);
        }
        else
        {
            decision = CanaryDecision.Promote;
            because = checks.Where(k => k.Result == CanaryCheckResult.Passed);
        }
        return new CanaryRecommendation(s.Tenant, s.Model, s.Version, c.Version, decision,
            because.Select(k => k.Detail).ToArray(), checks, metrics, policy, time.GetUtcNow());
    }

    private static CanaryCheck VolumeCheck(VariantObservations s, VariantObservations c, CanaryPolicy policy)
    {
        var min = policy.MinRequestsPerVariant;
        if (s.Requests >= min && c.Requests >= min)
        {
            return new("volume", CanaryCheckResult.Passed, F($"stable served {s.Requests} and canary {c.Requests} requests (at least {min} each needed)"));
        }
        return new("volume", CanaryCheckResult.Inconclusive,
            F($"not enough data: stable has served {s.Requests} and canary {c.Requests} requests; at least {min} each are needed"));
    }

    private static CanaryCheck ErrorRateCheck(CanaryMetrics m, CanaryPolicy policy)
    {
        if (m.StableErrorRate is not { } stable || m.CanaryErrorRate is not { } canary || m.ErrorRatePValue is not { } p)
        {
            return new("errorRate", CanaryCheckResult.Inconclusive, "error rate not compared: a variant has served no requests");
        }
        var difference = canary - stable;
        var summary = F($"canary error rate {canary:P2} vs stable {stable:P2} ({difference * 100:+0.00;-0.00;0.00} points, z = {m.ErrorRateZ:0.00}, one-sided p = {p:0.0000})");
        return p < policy.Alpha && difference > policy.ErrorRateTolerance
            ? new("errorRate", CanaryCheckResult.Failed, F($"{summary}: significantly higher at {policy.Alpha}"))
            : new("errorRate", CanaryCheckResult.Passed, F($"{summary}: not significantly higher at {policy.Alpha}"));
    }

    private static CanaryCheck LatencyCheck(CanaryMetrics m, CanaryPolicy policy)
    {
        if (m.StableP95LatencyMs is not { } stable || m.CanaryP95LatencyMs is not { } canary || m.P95LatencyRatio is not { } ratio)
        {
            return new("latency", CanaryCheckResult.Inconclusive, "latency not compared: a variant has no latencies recorded");
        }
        var summary = F($"canary p95 latency {canary:0.###} ms vs stable {stable:0.###} ms (ratio {ratio:0.00}, at most {policy.MaxP95LatencyRatio:0.00} allowed)");
        return ratio > policy.MaxP95LatencyRatio && canary - stable > policy.MinP95LatencyIncreaseMs
            ? new("latency", CanaryCheckResult.Failed, F($"{summary}: too slow"))
            : new("latency", CanaryCheckResult.Passed, summary);
    }

    private static CanaryCheck ScoreCheck(CanaryMetrics m, CanaryPolicy policy)
    {
        if (m.StableScores == 0 && m.CanaryScores == 0)
        {
            // A model that returns no scores (or a host that does not record them) has nothing to compare.
            return new("scores", CanaryCheckResult.Skipped, "scores not compared: neither variant recorded any");
        }
        if (m.ScoreKs is not { } ks)
        {
            return new("scores", CanaryCheckResult.Inconclusive,
                F($"scores not compared yet: stable has {m.StableScores} and canary {m.CanaryScores}; at least {policy.MinScoresPerVariant} each are needed"));
        }
        var psiText = m.ScorePsi is { } value ? F($", PSI {value:0.000}") : "";
        var summary = F($"score distribution shift: KS {ks:0.000} (at most {policy.MaxScoreKs:0.###} allowed){psiText}");
        if (ks > policy.MaxScoreKs)
        {
            return new("scores", CanaryCheckResult.Failed, $"{summary}: the canary's scores differ from stable's");
        }
        if (policy.MaxScorePsi is { } maxPsi && m.ScorePsi > maxPsi)
        {
            return new("scores", CanaryCheckResult.Failed, F($"{summary}: PSI above {maxPsi:0.###}"));
        }
        return new("scores", CanaryCheckResult.Passed, summary);
    }

    // Reasons are read by people and stored in events; the invariant culture keeps "0.05" from becoming "0,05".
    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
