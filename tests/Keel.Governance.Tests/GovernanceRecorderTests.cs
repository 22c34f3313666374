using Keel.Audit;
using Keel.Gates;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;

namespace Keel.Governance.Tests;

/// <summary>The workflow steps' outcomes, recorded against the version they concern, once however often a step is retried.</summary>
public sealed class GovernanceRecorderTests : IDisposable
{
    private const string Tenant = RegistryBed.Tenant;
    private const string Model = RegistryBed.Model;
    private readonly RegistryBed _bed = new();
    private readonly LocalArtifactStore _artifacts;
    private readonly AuditGovernanceRecorder _recorder;
    private readonly CancellationToken _ct = CancellationToken.None;

    public GovernanceRecorderTests()
    {
        _artifacts = new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = _bed.Directory.File("artifacts") });
        _recorder = new AuditGovernanceRecorder(_bed.Log, _bed.Inner, new VersionGateReports(_artifacts));
    }

    [Fact]
    public async Task Failed_gates_are_recorded_once_against_the_run_and_passed_gates_wait_for_the_version()
    {
        var failed = new GateVerdicts("run-7", Model, false,
            [new GateFinding("performance", GateVerdict.Fail, "auc 0.55 < 0.70"), new GateFinding("bias", GateVerdict.Pass, "ok")], RegistryBed.Sha("json"), RegistryBed.Sha("html"));
        var passed = failed with { RunId = "run-8", Passed = true, ReportJsonSha256 = RegistryBed.Sha("json 2") };

        await _recorder.GatesEvaluatedAsync(Tenant, failed, "workflow:wf-7", _ct);
        await _recorder.GatesEvaluatedAsync(Tenant, failed, "workflow:wf-7", _ct);
        await _recorder.GatesEvaluatedAsync(Tenant, passed, "workflow:wf-8", _ct);

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((AuditActions.GateEvaluated, "run:run-7", "workflow:wf-7"), (entry.Action, entry.Target, entry.Actor));
        var gates = AuditBed.Details(entry)["gates"]!.AsArray();
        Assert.Equal(["performance:fail", "bias:pass"], gates.Select(g => $"{g!["gate"]}:{g["verdict"]}"));
    }

    [Fact]
    public async Task A_registered_version_records_the_gate_report_it_was_admitted_with_once()
    {
        await _bed.SeedAsync(0);
        var report = await _artifacts.PutTextAsync(SampleGateReports.Passed(Model).ToJson(), "application/json", _ct);
        await _bed.Inner.CreateVersionAsync(Tenant, Model, RegistryBed.Version("run-1") with
        {
            Artifacts = new Dictionary<string, string> { [ArtifactNames.GateReportJson] = report.Sha256 },
        }, "alice", _ct);
        var registered = new RegistrationResult("run-1", Model, true, 1, RegistryBed.Sha("onnx run-1"), null);

        await _recorder.VersionRegisteredAsync(Tenant, registered, "workflow:wf-1", _ct);
        await _recorder.VersionRegisteredAsync(Tenant, registered, "workflow:wf-1", _ct);
        await _recorder.VersionRegisteredAsync(Tenant, RegistrationResult.Refused("run-2", Model, "rejected by gates"), "workflow:wf-2", _ct);

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((AuditActions.GateEvaluated, "model:credit_risk:1"), (entry.Action, entry.Target));
        var details = AuditBed.Details(entry);
        Assert.Equal("pass", (string?)details["verdict"]);
        Assert.Equal(report.Sha256, (string?)details["report_sha256"]);
        Assert.Equal(["performance:pass", "bias:pass", "latency:skipped"], details["gates"]!.AsArray().Select(g => $"{g!["gate"]}:{g["verdict"]}"));
    }

    [Fact]
    public async Task A_decision_is_recorded_once_as_the_approvers_and_every_refusal_as_a_denied_access()
    {
        await _recorder.ApprovalRequestedAsync(Tenant, new ApprovalRequest(Model, 3, "run-3", "alice", "alice", TimeSpan.FromHours(4)), _ct);
        var refused = new ApprovalReview(false, true, "alice", null, "'alice' requested this training and cannot also approve it");
        await _recorder.ApprovalReviewedAsync(Tenant, Model, 3, "alice", refused, _ct);
        await _recorder.ApprovalReviewedAsync(Tenant, Model, 3, "alice", refused, _ct);
        var granted = new ApprovalReview(true, true, "bob", "looks fair", null);
        await _recorder.ApprovalReviewedAsync(Tenant, Model, 3, "alice", granted, _ct);
        await _recorder.ApprovalReviewedAsync(Tenant, Model, 3, "alice", granted, _ct);

        var entries = await _bed.EntriesAsync(Tenant, "model:credit_risk:3");
        Assert.Equal(
            [(GovernanceActions.ApprovalRequested, "alice"), (AuditActions.AccessDenied, "alice"), (AuditActions.AccessDenied, "alice"), (AuditActions.ApprovalGranted, "bob")],
            entries.Select(e => (e.Action, e.Actor)));
        Assert.Equal("separation-of-duties", (string?)AuditBed.Details(entries[1])["reason"]);
        Assert.Contains("cannot also approve", (string?)AuditBed.Details(entries[1])["refusal"], StringComparison.Ordinal);
        var decision = AuditBed.Details(entries[3]);
        Assert.Equal(("alice", "looks fair", "approve"), ((string?)decision["requester"], (string?)decision["comment"], (string?)decision["decision"]));
    }

    [Fact]
    public async Task A_rejection_and_a_missed_deadline_are_recorded()
    {
        await _recorder.ApprovalReviewedAsync(Tenant, Model, 4, "alice", new ApprovalReview(true, false, "bob", "bias too high", null), _ct);
        await _recorder.ApprovalTimedOutAsync(Tenant, Model, 5, "workflow:wf-5", _ct);

        var entries = await _bed.EntriesAsync();
        Assert.Equal([(AuditActions.ApprovalRejected, "model:credit_risk:4", "bob"), (GovernanceActions.ApprovalTimedOut, "model:credit_risk:5", "workflow:wf-5")],
            entries.Select(e => (e.Action, e.Target, e.Actor)));
    }

    [Fact]
    public async Task A_canary_rollback_is_recorded_once_with_its_reasons_and_a_canary_that_never_started_not_at_all()
    {
        await _recorder.CanaryStartedAsync(Tenant, new CanaryStart(Model, 6, null, 10, null), "workflow:wf-6", "wf-6", _ct);
        await _recorder.CanaryStartedAsync(Tenant, new CanaryStart(Model, 6, 5, 10, "evt-start"), "workflow:wf-6", "wf-6", _ct);
        var rollback = new CanaryRollback(Model, 6, 5, "Archived", "evt-rollback");
        await _recorder.CanaryRolledBackAsync(Tenant, rollback, "workflow:wf-6", ["error rate up"], "wf-6", _ct);
        await _recorder.CanaryRolledBackAsync(Tenant, rollback, "workflow:wf-6", ["error rate up"], "wf-6", _ct);

        var entries = await _bed.EntriesAsync();
        Assert.Equal([AuditActions.DeploymentStarted, AuditActions.DeploymentRolledBack], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("model:credit_risk:6", e.Target));
        var details = AuditBed.Details(entries[1]);
        Assert.Equal(5, (int?)details["stable_version"]);
        Assert.Equal(["error rate up"], details["reasons"]!.AsArray().Select(r => (string?)r));
    }

    public void Dispose() => _bed.Dispose();
}
