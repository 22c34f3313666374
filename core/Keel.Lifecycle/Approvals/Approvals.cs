using System.Globalization;
using Keel.ModelRegistry;
using Keel.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Lifecycle;

/// <summary>
/// The approval of a registered version: recording that it waits for an approver, and taking each
/// decision under <see cref="SeparationOfDuties"/>. Both are recorded as tags of the version's run
/// (<c>approval.*</c>), refused decisions with their reason, so the history of who tried to approve
/// what stays next to the run that built it.
/// </summary>
public sealed class Approvals(IModelRegistry registry, ITrackingStore tracking, IOptions<LifecycleOptions> options, TimeProvider time, ILogger<Approvals> logger)
{
    public const string StatusTag = "approval.status";
    public const string RefusedTagPrefix = "approval.refused.";
    public const string RequestedByTag = "approval.requested_by";

    public async Task<ApprovalRequest> RequestAsync(string tenant, string model, int version, string requester, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        var registered = await VersionAsync(tenant, model, version, cancellationToken);
        var resolved = options.Value.ResolveApprovalTimeout(timeout);
        await TagAsync(tenant, registered.RunId, new Dictionary<string, string>
        {
            [StatusTag] = "requested",
            [RequestedByTag] = requester,
            ["approval.requested_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["approval.timeout"] = resolved.ToString("c", CultureInfo.InvariantCulture),
            ["approval.version"] = version.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        return new ApprovalRequest(model, version, registered.RunId, requester, registered.CreatedBy, resolved);
    }

    /// <summary>Takes a decision on a version waiting for approval; one that breaks the rule is recorded as refused and does not count.</summary>
    public async Task<ApprovalReview> ReviewAsync(string tenant, string model, int version, string requester, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var registered = await VersionAsync(tenant, model, version, cancellationToken);
        if (SeparationOfDuties.RefusalOf(decision, requester, registered.CreatedBy) is { } refusal)
        {
            logger.LogWarning("Approval of {Model} version {Version} by '{Approver}' refused: {Reason}", model, version, decision.Approver, refusal);
            await RecordRefusalAsync(tenant, registered.RunId, decision, refusal, cancellationToken);
            return ApprovalReview.Refused(decision, refusal);
        }
        var tags = new Dictionary<string, string>
        {
            [StatusTag] = decision.Approved ? "approved" : "rejected",
            ["approval.decided_by"] = decision.Approver.Trim(),
            ["approval.decided_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(decision.Comment))
        {
            tags["approval.comment"] = decision.Comment;
        }
        await TagAsync(tenant, registered.RunId, tags, cancellationToken);
        return new ApprovalReview(true, decision.Approved, decision.Approver.Trim(), decision.Comment, null);
    }

    /// <summary>Records that nobody decided in time.</summary>
    public async Task RecordTimeoutAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        var registered = await VersionAsync(tenant, model, version, cancellationToken);
        await TagAsync(tenant, registered.RunId, new Dictionary<string, string> { [StatusTag] = "timed_out" }, cancellationToken);
    }

    private async Task RecordRefusalAsync(string tenant, string? runId, ApprovalDecision decision, string refusal, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return;
        }
        var run = await tracking.GetRunAsync(tenant, runId, cancellationToken);
        var number = run.Tags.Keys.Count(k => k.StartsWith(RefusedTagPrefix, StringComparison.Ordinal)) + 1;
        await tracking.SetTagsAsync(tenant, runId, new Dictionary<string, string>
        {
            [RefusedTagPrefix + number.ToString(CultureInfo.InvariantCulture)] = $"{time.GetUtcNow():O} {decision.Approver}: {refusal}",
        }, cancellationToken);
    }

    private async Task<ModelVersion> VersionAsync(string tenant, string model, int version, CancellationToken cancellationToken) =>
        await registry.GetVersionAsync(tenant, model, version, cancellationToken)
        ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");

    /// <summary>Tags the version's run; a version registered without a run has nowhere to keep them.</summary>
    private async Task TagAsync(string tenant, string? runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        if (runId is not null)
        {
            await tracking.SetTagsAsync(tenant, runId, tags, cancellationToken);
        }
    }
}
