using Keel.Tracking;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>Ends runs the life cycle leaves open between steps.</summary>
public sealed class RunEnding(ITrackingStore tracking, ILogger<RunEnding> logger)
{
    /// <summary>Ends a run that a later step could not finish as Failed with the reason; a run that already ended is left as it is.</summary>
    public async Task<RunStatus> FailAsync(string tenant, string runId, string reason, CancellationToken cancellationToken)
    {
        var run = await tracking.GetRunAsync(tenant, runId, cancellationToken);
        if (run.Status != RunStatus.Running)
        {
            return run.Status;
        }
        logger.LogWarning("Run {RunId} ends as failed: {Reason}", runId, reason);
        return (await tracking.EndRunAsync(tenant, runId, RunStatus.Failed, reason, cancellationToken)).Status;
    }

    /// <summary>
    /// Ends a run whose code is failing. Errors of the store are logged, not thrown: the exception in
    /// flight says why the run failed and must not be replaced; a run that could not be ended stays
    /// visible as Running.
    /// </summary>
    internal static async Task FailQuietlyAsync(ITrackingStore tracking, Run run, Exception error, ILogger logger)
    {
        try
        {
            // Not the caller's token: a cancelled job must still record that it was killed.
            await tracking.EndRunAsync(run.Tenant, run.Id, error is OperationCanceledException ? RunStatus.Killed : RunStatus.Failed, error.Message, CancellationToken.None);
        }
        catch (Exception endError)
        {
            logger.LogWarning(endError, "Run {RunId} could not be ended after it failed", run.Id);
        }
    }
}
