namespace Keel.Serving.Deployments;

/// <summary>Limits of the shadow dispatcher (<c>Keel:Serving:Shadow</c>). Every one bounds memory or threads a misbehaving shadow could take.</summary>
public sealed class ShadowDispatcherOptions
{
    /// <summary>Shadow calls waiting to run; beyond this new copies are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Shadow calls running at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a shadow call may run before it counts as timed out and its worker moves on.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Timed-out calls that ignored their cancellation and are still running. They cannot be stopped,
    /// only abandoned; past this many, new copies are dropped until some finish, so a hung shadow
    /// cannot take every thread of the pool.
    /// </summary>
    public int MaxAbandonedCalls { get; set; } = 100;

    /// <summary>How long disposal waits for queued calls to finish before cancelling them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
