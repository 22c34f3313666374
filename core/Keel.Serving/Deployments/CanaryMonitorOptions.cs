namespace Keel.Serving.Deployments;

/// <summary>
/// How often the canary monitor looks at the canaries being served, bound from <c>Keel:Serving:Canary</c>,
/// the section that also holds the <see cref="CanaryPolicy"/> it judges them by.
/// </summary>
public sealed class CanaryMonitorOptions
{
    public const string Section = "Keel:Serving:Canary";

    /// <summary>Between analyses; a recommendation is at most this late once the data supports one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
