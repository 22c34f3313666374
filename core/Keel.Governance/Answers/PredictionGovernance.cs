using System.Text.Json;
using Keel.Audit;
using Keel.ModelRegistry;

namespace Keel.Governance;

/// <summary>
/// The one governance answer for a prediction id: the prediction as logged, the version that made it
/// with its training data hash and lineage, its gate verdicts, who requested and who approved it, the
/// prediction's explanation (the logged one, else computed now from the logged feature values with the
/// version's explainer) and the version's audit trail. Within a tenant only: another tenant's prediction
/// is not found, exactly like one that never existed.
/// </summary>
public sealed class PredictionGovernance(
    IPredictionIndex index,
    IModelRegistry registry,
    IAuditLog audit,
    VersionGateReports gateReports,
    ApprovalHistory approvals,
    PredictionExplanations explanations,
    TimeProvider time)
{
    /// <summary>Enough for any version's life; a trail longer than this is cut, and the answer says so.</summary>
    public const int MaxAuditEntries = 1000;

    /// <returns>The answer, or null when the tenant has no such prediction (or no longer keeps it).</returns>
    public async Task<GovernanceAnswer?> AnswerAsync(string tenant, string predictionId, CancellationToken cancellationToken)
    {
        var prediction = await index.GetAsync(tenant, predictionId, cancellationToken);
        if (prediction is null)
        {
            return null;
        }
        var problems = new List<string>();
        var facts = new PredictionFacts(prediction.Model, prediction.Version, prediction.Variant, prediction.Entity, prediction.Time,
            prediction.Features, prediction.FeatureViews, prediction.Score, prediction.Label, prediction.Shadow, prediction.TraceParent);
        var version = await registry.GetVersionAsync(tenant, prediction.Model, prediction.Version, cancellationToken);
        if (version is null)
        {
            problems.Add($"The registry has no version {prediction.Version} of '{prediction.Model}': nothing is known of how it was built or approved.");
            return new GovernanceAnswer(tenant, predictionId, facts, null, null, null, explanations.Logged(prediction), [], problems, time.GetUtcNow());
        }

        var trail = await TrailAsync(version, problems, cancellationToken);
        var transitions = await registry.TransitionsAsync(tenant, version.ModelName, version.Version, cancellationToken);
        var gates = await GatesAsync(version, problems, cancellationToken);
        var approval = await approvals.ReadAsync(version, trail, transitions, problems, cancellationToken);
        var explanation = await explanations.ExplainAsync(prediction, version, problems, cancellationToken);
        var versionFacts = new VersionFacts(version.Stage.ToString(), version.ArtifactSha256, version.RunId, version.CreatedBy, version.CreatedAt,
            version.Lineage.DatasetSnapshotHash, version.Lineage);
        return new GovernanceAnswer(tenant, predictionId, facts, versionFacts, gates, approval, explanation,
            trail.Select(Fact).ToArray(), problems, time.GetUtcNow());
    }

    private async Task<List<AuditEntry>> TrailAsync(ModelVersion version, List<string> problems, CancellationToken cancellationToken)
    {
        var query = new AuditQuery { Tenant = version.Tenant, Target = AuditTargets.Model(version.ModelName, version.Version), Limit = MaxAuditEntries };
        var trail = new List<AuditEntry>();
        await foreach (var entry in audit.ReadAsync(query, cancellationToken))
        {
            trail.Add(entry);
        }
        if (trail.Count == MaxAuditEntries)
        {
            problems.Add($"Only the first {MaxAuditEntries} audit entries of the version are shown.");
        }
        return trail;
    }

    private async Task<GateFacts?> GatesAsync(ModelVersion version, List<string> problems, CancellationToken cancellationToken)
    {
        if (await gateReports.ReadAsync(version, cancellationToken) is not { } found)
        {
            problems.Add($"Version {version.Version} of '{version.ModelName}' carries no gate report: it was not registered through the gates.");
            return null;
        }
        var (report, sha256) = found;
        return new GateFacts(sha256, Verdict(report.Verdict), report.EvaluatedAt,
            report.Results.Select(r => new GateFact(r.Gate, Verdict(r.Verdict), r.Summary)).ToArray());
    }

    private static string Verdict(Keel.Gates.GateVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static AuditFact Fact(AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        return new AuditFact(entry.Sequence, entry.Time, entry.Actor, entry.Action, details.RootElement.Clone());
    }
}
