using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Gates;
using Keel.Lifecycle;
using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>
/// Records the workflow steps' outcomes in the audit log, against the model version they concern
/// (<c>model:{name}:{version}</c>), or against the run when the candidate never became a version.
/// Each outcome carries a key (the report's hash, the event's id, the decision) so that a retried
/// step finds its entry and adds none; refusals are recorded every time, as every attempt counts.
/// </summary>
public sealed class AuditGovernanceRecorder(IAuditLog audit, IModelRegistry registry, VersionGateReports reports) : IGovernanceRecorder
{
    public async Task GatesEvaluatedAsync(string tenant, GateVerdicts verdicts, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.Passed)
        {
            return;
        }
        var details = new JsonObject
        {
            ["model"] = verdicts.Model,
            ["run_id"] = verdicts.RunId,
            ["verdict"] = Name(GateVerdict.Fail),
            ["report_sha256"] = verdicts.ReportJsonSha256,
            ["report_html_sha256"] = verdicts.ReportHtmlSha256,
            ["gates"] = Gates(verdicts.Gates.Select(g => (g.Gate, g.Verdict, g.Summary))),
            ["registered"] = false,
        };
        await AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, actor, AuditActions.GateEvaluated, GovernanceTargets.Run(verdicts.RunId), details),
            verdicts.ReportJsonSha256, cancellationToken);
    }

    public async Task VersionRegisteredAsync(string tenant, RegistrationResult registration, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (!registration.Registered || registration.Version is not { } number)
        {
            return;
        }
        var version = await registry.GetVersionAsync(tenant, registration.Model, number, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{registration.Model}' has no version {number}.");
        if (await reports.ReadAsync(version, cancellationToken) is not { } found)
        {
            return;
        }
        var (report, sha256) = found;
        var details = new JsonObject
        {
            ["run_id"] = registration.RunId,
            ["verdict"] = Name(report.Verdict),
            ["evaluated_at"] = report.EvaluatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["report_sha256"] = sha256,
            ["gates"] = Gates(report.Results.Select(r => (r.Gate, r.Verdict, r.Summary))),
        };
        await AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, actor, AuditActions.GateEvaluated, AuditTargets.Model(version.ModelName, version.Version), details),
            sha256, cancellationToken);
    }

    public Task ApprovalRequestedAsync(string tenant, ApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requester = request.Requester.Trim();
        var details = new JsonObject
        {
            ["requester"] = requester,
            ["author"] = request.Author,
            ["run_id"] = request.RunId,
            ["timeout"] = request.Timeout.ToString("c", CultureInfo.InvariantCulture),
        };
        return AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, requester, GovernanceActions.ApprovalRequested, AuditTargets.Model(request.Model, request.Version), details),
            "requested:" + requester.ToLowerInvariant(), cancellationToken);
    }

    public Task ApprovalReviewedAsync(string tenant, string model, int version, string requester, ApprovalReview review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        var approver = string.IsNullOrWhiteSpace(review.Approver) ? GovernanceActors.Unknown : review.Approver.Trim();
        var decision = review.Approved ? "approve" : "reject";
        var details = new JsonObject { ["decision"] = decision, ["requester"] = requester, ["comment"] = review.Comment };
        var target = AuditTargets.Model(model, version);
        if (!review.Counts)
        {
            // Every refused attempt is a denied access of its own, so none is folded into an earlier one.
            details["reason"] = "separation-of-duties";
            details["refusal"] = review.Refusal;
            return audit.AppendAsync(new NewAuditEntry(tenant, approver, AuditActions.AccessDenied, target, details), cancellationToken);
        }
        var action = review.Approved ? AuditActions.ApprovalGranted : AuditActions.ApprovalRejected;
        return AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, approver, action, target, details), $"{decision}:{approver.ToLowerInvariant()}", cancellationToken);
    }

    public Task ApprovalTimedOutAsync(string tenant, string model, int version, string actor, CancellationToken cancellationToken) =>
        AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, actor, GovernanceActions.ApprovalTimedOut, AuditTargets.Model(model, version), new JsonObject()),
            "timed_out", cancellationToken);

    public Task CanaryStartedAsync(string tenant, CanaryStart start, string actor, string? workflowInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.StableVersion is not { } stable)
        {
            return Task.CompletedTask;
        }
        var details = new JsonObject
        {
            ["kind"] = "canary",
            ["stable_version"] = stable,
            ["percent"] = start.Percent,
            ["event_id"] = start.EventId,
            ["workflow_instance_id"] = workflowInstanceId,
        };
        return AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, actor, AuditActions.DeploymentStarted, AuditTargets.Model(start.Model, start.Version), details),
            start.EventId ?? $"canary:{workflowInstanceId}", cancellationToken);
    }

    public Task CanaryRolledBackAsync(string tenant, CanaryRollback rollback, string actor, IReadOnlyList<string> reasons, string? workflowInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollback);
        ArgumentNullException.ThrowIfNull(reasons);
        var details = new JsonObject
        {
            ["kind"] = "canary",
            ["stable_version"] = rollback.StableVersion,
            ["stage"] = rollback.Stage,
            ["reasons"] = new JsonArray(reasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            ["event_id"] = rollback.EventId,
            ["workflow_instance_id"] = workflowInstanceId,
        };
        return AuditOnce.AppendAsync(audit, new NewAuditEntry(tenant, actor, AuditActions.DeploymentRolledBack, AuditTargets.Model(rollback.Model, rollback.Version), details),
            rollback.EventId, cancellationToken);
    }

    private static string Name(GateVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static JsonArray Gates(IEnumerable<(string Gate, GateVerdict Verdict, string Summary)> gates) =>
        new(gates.Select(g => (JsonNode?)new JsonObject { ["gate"] = g.Gate, ["verdict"] = Name(g.Verdict), ["summary"] = g.Summary }).ToArray());
}
