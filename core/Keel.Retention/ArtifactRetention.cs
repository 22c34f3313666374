using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Retention;

/// <summary>
/// One run of the artifact lifecycle policy, as the HTTP handler, the timer and the CLI start it:
/// the plan is computed once, and applying it executes exactly that plan, so what a dry run lists
/// is what the same run deletes. Runs in one process take turns, so two never plan around each other.
/// </summary>
public sealed class ArtifactRetention(RetentionPlanner planner, RetentionApplier applier, IOptions<RetentionOptions> options, ILogger<ArtifactRetention> logger)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <param name="tenants">The tenants whose rules apply; null means every tenant with rules.</param>
    /// <param name="asOf">A dry run only: what the policy would do at that later moment (<see cref="RetentionPlanner.PlanAsync"/>).</param>
    public async Task<RetentionReport> RunAsync(RetentionMode mode, IReadOnlyCollection<string>? tenants, string actor, CancellationToken cancellationToken,
        DateTimeOffset? asOf = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (asOf is not null && mode == RetentionMode.Apply)
        {
            // Applying a forecast would delete what no rule releases yet.
            throw new ArgumentException("A forecast (asOf) can only be a dry run.", nameof(asOf));
        }
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var plan = await planner.PlanAsync(tenants, cancellationToken, asOf);
            foreach (var warning in plan.Warnings)
            {
                logger.LogWarning("Artifact lifecycle: {Warning}", warning);
            }
            var applied = mode == RetentionMode.Apply ? await applier.ApplyAsync(plan, actor, cancellationToken) : null;
            var report = RetentionReport.Of(plan, mode, actor, applied);
            logger.LogInformation("Artifact lifecycle {Mode} by {Actor}: {Deletes} deletes ({BytesDeleted} bytes), {Moves} moves to cold ({BytesMoved} bytes)",
                mode, actor, report.Totals.Deletes, report.Totals.BytesDeleted, report.Totals.Moves, report.Totals.BytesMoved);
            return report;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>What the timer runs: every tenant with rules, in <see cref="RetentionOptions.ScheduledMode"/>, as <see cref="LifecycleAudit.PolicyActor"/>.</summary>
    public Task<RetentionReport> RunScheduledAsync(CancellationToken cancellationToken) =>
        RunAsync(options.Value.ScheduledMode, null, LifecycleAudit.PolicyActor, cancellationToken);
}
