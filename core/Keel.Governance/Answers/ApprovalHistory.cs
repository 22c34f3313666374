using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Tracking;

namespace Keel.Governance;

/// <summary>
/// Who asked for a version and who approved it, read where the life cycle records it: the audit log
/// first (tamper-evident), then the approval record the workflow keeps on the version's training run
/// (<c>approval.*</c> tags), then the registry (the version's author, who is its requester when a workflow
/// registered it, and the actor of its move to Production). Where the audit log and the run disagree, the
/// answer says so.
/// </summary>
public sealed class ApprovalHistory(ITrackingStore tracking)
{
    private const string FromAudit = "audit log";
    private const string FromRun = "training run approval record";
    private const string FromRegistry = "model registry";

    public async Task<ApprovalFacts> ReadAsync(
        ModelVersion version, IReadOnlyList<AuditEntry> trail, IReadOnlyList<StageTransition> transitions, ICollection<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(trail);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(problems);
        var tags = await RunTagsAsync(version, cancellationToken);
        var sources = new List<string>();

        var requested = trail.LastOrDefault(e => e.Action == GovernanceActions.ApprovalRequested);
        var decided = trail.LastOrDefault(e => e.Action is AuditActions.ApprovalGranted or AuditActions.ApprovalRejected or GovernanceActions.ApprovalTimedOut);
        var (requestedBy, requestedAt) = requested is not null
            ? Found(sources, "requested by", FromAudit, requested.Actor, requested.Time)
            : tags.TryGetValue("approval.requested_by", out var tagRequester)
                ? Found(sources, "requested by", FromRun, tagRequester, Time(tags, "approval.requested_at"))
                : Found(sources, "requested by", FromRegistry, version.CreatedBy, version.CreatedAt);

        var status = decided?.Action switch
        {
            AuditActions.ApprovalGranted => "approved",
            AuditActions.ApprovalRejected => "rejected",
            GovernanceActions.ApprovalTimedOut => "timed_out",
            _ => tags.GetValueOrDefault(Approvals.StatusTag) ?? "not_recorded",
        };
        string? approvedBy = null;
        DateTimeOffset? approvedAt = null;
        if (decided?.Action == AuditActions.ApprovalGranted)
        {
            (approvedBy, approvedAt) = Found(sources, "approved by", FromAudit, decided.Actor, decided.Time);
        }
        else if (decided is null && status == "approved" && tags.TryGetValue("approval.decided_by", out var tagApprover))
        {
            (approvedBy, approvedAt) = Found(sources, "approved by", FromRun, tagApprover, Time(tags, "approval.decided_at"));
        }
        if (decided?.Action == AuditActions.ApprovalGranted && tags.TryGetValue("approval.decided_by", out var recorded) && !Same(recorded, decided.Actor))
        {
            problems.Add($"The audit log names '{decided.Actor}' as approver but the training run's approval record names '{recorded}'.");
        }

        var deployment = transitions.LastOrDefault(t => t.Version == version.Version && t.To == ModelStage.Production);
        if (deployment is not null)
        {
            sources.Add($"deployed by: {FromRegistry}");
        }
        // The same form as the run's approval.refused.N records: when, who, and why it did not count.
        var refused = trail.Where(e => e.Action == AuditActions.AccessDenied).Select(e => $"{e.Time:O} {e.Actor}: {Field(e, "refusal")}").ToList();
        if (refused.Count == 0)
        {
            refused = tags.Where(t => t.Key.StartsWith(Approvals.RefusedTagPrefix, StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value).ToList();
        }
        var comment = decided is not null ? Field(decided, "comment") : tags.GetValueOrDefault("approval.comment");
        return new ApprovalFacts(status, requestedBy, requestedAt, approvedBy, approvedAt, comment, deployment?.Actor, deployment?.At, refused, sources);
    }

    private async Task<IReadOnlyDictionary<string, string>> RunTagsAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        if (version.RunId is null)
        {
            return new Dictionary<string, string>();
        }
        try
        {
            return (await tracking.GetRunAsync(version.Tenant, version.RunId, cancellationToken)).Tags;
        }
        catch (RunNotFoundException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static (string, DateTimeOffset?) Found(List<string> sources, string what, string source, string who, DateTimeOffset? when)
    {
        sources.Add($"{what}: {source}");
        return (who, when);
    }

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private static string? Field(AuditEntry entry, string name) =>
        JsonNode.Parse(entry.Details)?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
