namespace Keel.Serving.Deployments;

/// <summary>
/// What canary analysis recommends, with the reasons and numbers behind it; shaped to be published as
/// the data of a <see cref="EventType"/> event that the deploy step of the workflow waits for.
/// </summary>
/// <param name="Reasons">Why, in sentences: the failed checks for a rollback, the missing data for continue, the passed checks for a promotion.</param>
/// <param name="Checks">Every check and its result.</param>
public sealed record CanaryRecommendation(
    string Tenant,
    string Model,
    int StableVersion,
    int CanaryVersion,
    CanaryDecision Decision,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CanaryCheck> Checks,
    CanaryMetrics Metrics,
    CanaryPolicy Policy,
    DateTimeOffset DecidedAt)
{
    /// <summary>The CloudEvents type for publishing a recommendation.</summary>
    public const string EventType = "dev.keel.canary.recommended.v1";
}
