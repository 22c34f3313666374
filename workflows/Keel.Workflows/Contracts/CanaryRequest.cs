using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// Roll the approved version out as a canary: it serves <see cref="Percent"/> % of the model's traffic
/// beside the version in Production until canary analysis recommends promoting it (then it is deployed
/// and promoted as usual) or rolling it back (then it is archived and the stable version serves
/// everything again). No recommendation within <see cref="MaxWait"/> counts as a rollback. Without a
/// version in Production there is nothing to compare with, and the version is deployed directly.
/// </summary>
public sealed record CanaryRequest(double Percent = CanaryRollout.DefaultPercent, TimeSpan? MaxWait = null)
{
    /// <summary>The problem with the settings, or null; a request is refused with it before anything starts.</summary>
    public string? Problem() =>
        !(Percent > 0 && Percent < 100) ? $"canary.percent: more than 0 and less than 100 (was {Percent})"
        : MaxWait is { } wait && wait <= TimeSpan.Zero ? $"canary.maxWait: a positive time span (was {wait})"
        : null;
}
