using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

[JsonConverter(typeof(JsonStringEnumConverter<CanaryDecision>))]
public enum CanaryDecision
{
    /// <summary>Not enough data yet (or a check could not be made): keep the canary at its share and ask again later.</summary>
    [JsonStringEnumMemberName("continue")] Continue,

    /// <summary>The canary is at least as good as stable on every check: give it all the traffic.</summary>
    [JsonStringEnumMemberName("promote")] Promote,

    /// <summary>The canary is worse on at least one check: send its traffic back to stable.</summary>
    [JsonStringEnumMemberName("rollback")] Rollback,
}

[JsonConverter(typeof(JsonStringEnumConverter<CanaryCheckResult>))]
public enum CanaryCheckResult
{
    [JsonStringEnumMemberName("passed")] Passed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
    [JsonStringEnumMemberName("skipped")] Skipped,
}

/// <summary>One comparison of canary with stable: <c>volume</c>, <c>errorRate</c>, <c>latency</c> or <c>scores</c>.</summary>
public sealed record CanaryCheck(string Name, CanaryCheckResult Result, string Detail);
