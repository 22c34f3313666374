using Keel.Features.Offline;
using Keel.Features.Registry;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Training;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Governance.Tests;

/// <summary>
/// Every store a governance answer reads, real and in one data directory: the audited registry, the
/// artifact and tracking stores, dataset snapshots, the audit log and the prediction index, with a
/// version registered, approved and deployed the way the life cycle does it.
/// </summary>
public sealed class GovernanceBed : AuditBed
{
    public const string Tenant = "acme";
    public const string Requester = "alice";
    public const string Approver = "bob";
    private readonly CancellationToken _ct = CancellationToken.None;

    public GovernanceBed()
    {
        var storage = new StorageOptions { DataDir = Directory.Path };
        Registry = new AuditedModelRegistry(new SqliteModelRegistry(storage.Resolve("model-registry.db")), Log, Actors);
        Artifacts = new LocalArtifactStore(ArtifactStoreOptions.For(storage));
        Tracking = new SqliteTrackingStore(TrackingOptions.For(storage));
        Datasets = new DatasetSnapshots(new TrainingSetService(new SqliteFeatureRegistry(storage.Resolve("features.db")), new ParquetOfflineStore(ParquetOfflineStoreOptions.For(storage))),
            Artifacts, Options.Create(storage));
        Index = new SqlitePredictionIndex(storage.Resolve("governance", "predictions.db"));
        GateReports = new VersionGateReports(Artifacts);
        Recorder = new AuditGovernanceRecorder(Log, Registry, GateReports);
        Approvals = new Approvals(Registry, Tracking, Options.Create(new LifecycleOptions()), TimeProvider.System, NullLogger<Approvals>.Instance);
        Governance = new PredictionGovernance(Index, Registry, Log, GateReports, new ApprovalHistory(Tracking),
            new PredictionExplanations(new VersionExplainers(Artifacts, Datasets, NullLogger<VersionExplainers>.Instance), NullLogger<PredictionExplanations>.Instance),
            TimeProvider.System);
        // The synthetic data is dated from 2024; a retention of ten years keeps its predictions whatever today is.
        Indexer = new IndexPredictions(Index, Options.Create(new GovernanceOptions { PredictionRetention = TimeSpan.FromDays(3650) }), TimeProvider.System, NullLogger<IndexPredictions>.Instance);
    }

    public AuditedModelRegistry Registry { get; }

    public LocalArtifactStore Artifacts { get; }

    public SqliteTrackingStore Tracking { get; }

    public DatasetSnapshots Datasets { get; }

    public SqlitePredictionIndex Index { get; }

    public VersionGateReports GateReports { get; }

    public AuditGovernanceRecorder Recorder { get; }

    public Approvals Approvals { get; }

    public PredictionGovernance Governance { get; }

    public IndexPredictions Indexer { get; }

    /// <summary>
    /// Registers a trained model as the workflow would (its ML.NET model, training set snapshot and gate
    /// report attached, requested by <see cref="Requester"/>), records its gates and approval — a refused
    /// self-approval first, then <see cref="Approver"/>'s — and puts it in Production.
    /// </summary>
    public async Task<ModelVersion> DeployAsync(TrainingSet set, TrainedModel model)
    {
        var name = model.Spec.Name;
        var captured = await Datasets.StoreAsync(set, _ct);
        var mlnet = await Artifacts.PutBytesAsync(model.MlNetZipBytes, "application/zip", _ct);
        var onnx = await Artifacts.PutBytesAsync(model.OnnxBytes, "application/octet-stream", _ct);
        var report = await Artifacts.PutTextAsync(SampleGateReports.Passed(name).ToJson(), "application/json", _ct);
        var run = await Tracking.StartRunAsync(Tenant, name, "train", null, null, null, Requester, _ct);
        var workflow = "workflow:wf-" + run.Id;

        using (AuditActorScope.Begin(workflow))
        {
            await Registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(name, "risk-team"), _ct);
        }
        var version = await Registry.CreateVersionAsync(Tenant, name, new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = captured.Manifest.DatasetSha256,
            RowCount = captured.Manifest.Rows,
            From = captured.Manifest.From,
            To = captured.Manifest.To,
            FeatureService = captured.Manifest.FeatureService,
            FeatureViews = captured.Manifest.ViewVersions,
            TrainingSpecHash = model.SpecHash,
            Seed = model.Seed,
            CodeVersion = "0.1.0",
            Label = model.Spec.Label,
        })
        {
            RunId = run.Id,
            Artifacts = new Dictionary<string, string>
            {
                [RunArtifacts.MlNetModel] = mlnet.Sha256,
                [RunArtifacts.DatasetManifest] = captured.ManifestSha256,
                [RunArtifacts.GateReportJson] = report.Sha256,
            },
        }, Requester, _ct);
        await Registry.TransitionAsync(Tenant, new TransitionRequest(name, version.Version, ModelStage.Staging, workflow, "every gate passed"), _ct);
        await Recorder.VersionRegisteredAsync(Tenant, new RegistrationResult(run.Id, name, true, version.Version, onnx.Sha256, null), workflow, _ct);

        var request = await Approvals.RequestAsync(Tenant, name, version.Version, Requester, null, _ct);
        await Recorder.ApprovalRequestedAsync(Tenant, request, _ct);
        var selfApproval = await Approvals.ReviewAsync(Tenant, name, version.Version, Requester, new ApprovalDecision(true, Requester), _ct);
        await Recorder.ApprovalReviewedAsync(Tenant, name, version.Version, Requester, selfApproval, _ct);
        var approval = await Approvals.ReviewAsync(Tenant, name, version.Version, Requester, new ApprovalDecision(true, Approver, "fair and accurate"), _ct);
        await Recorder.ApprovalReviewedAsync(Tenant, name, version.Version, Requester, approval, _ct);
        return (await Registry.TransitionAsync(Tenant, new TransitionRequest(name, version.Version, ModelStage.Production, Approver, "approved by bob"), _ct)).Version;
    }
}
