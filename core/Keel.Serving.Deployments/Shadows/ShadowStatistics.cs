namespace Keel.Serving.Deployments;

/// <summary>Counts of the shadow dispatcher since it started.</summary>
/// <param name="Enqueued">Copies accepted into the queue.</param>
/// <param name="Dropped">Copies refused because the queue was full, too many calls were abandoned, or the dispatcher was stopping.</param>
/// <param name="Succeeded">Calls that returned an output.</param>
/// <param name="Failed">Calls that threw.</param>
/// <param name="TimedOut">Calls that did not finish within the timeout.</param>
/// <param name="SinkFailures">Outcomes the sink threw on.</param>
/// <param name="Abandoned">Timed-out calls still running now.</param>
public sealed record ShadowStatistics(long Enqueued, long Dropped, long Succeeded, long Failed, long TimedOut, long SinkFailures, long Abandoned)
{
    /// <summary>Accepted copies whose call has ended one way or another.</summary>
    public long Completed => Succeeded + Failed + TimedOut;
}
