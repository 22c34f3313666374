using Keel.Features.Registry;
using Keel.Gates;
using Keel.ModelCards;
using Keel.ModelRegistry;
using Keel.Monitoring;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Training;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>
/// Registers a run's candidate in Staging, and only when its gate report passed: the version is
/// bound to the ONNX artifact with its full lineage and metrics, carries the ML.NET model, both specs,
/// the dataset snapshot, the evaluation bundle, the gate report and a model card, and moves from None
/// to Staging. A failed report registers nothing. Registering a run again returns its version, so a
/// retried step is harmless.
/// </summary>
public sealed class Registration(
    IModelRegistry registry,
    ITrackingStore tracking,
    IArtifactStore artifacts,
    IFeatureRegistry features,
    DatasetSnapshots snapshots,
    ILogger<Registration> logger)
{
    /// <summary>The run artifacts a version carries under the same names.</summary>
    private static readonly string[] Carried =
    [
        RunArtifacts.MlNetModel, RunArtifacts.TrainingSpec, RunArtifacts.ModelSpec, RunArtifacts.Dataset,
        RunArtifacts.DatasetManifest, RunArtifacts.Evaluation, RunArtifacts.GateReportJson, RunArtifacts.GateReportHtml,
    ];

    public async Task<RegistrationResult> RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await tracking.GetRunAsync(request.Tenant, request.RunId, cancellationToken);
        var spec = TrainingSpecFile.Parse(await artifacts.ReadTextAsync(run.ArtifactSha256(RunArtifacts.ModelSpec), cancellationToken), RunArtifacts.ModelSpec);
        if (!run.Artifacts.TryGetValue(RunArtifacts.GateReportJson, out var reportArtifact))
        {
            return RegistrationResult.Refused(run.Id, spec.Name, $"The gates have not run on run '{run.Id}'; a version is registered only with a passed gate report.");
        }
        var report = GateReport.FromJson(await artifacts.ReadTextAsync(reportArtifact.Sha256, cancellationToken));
        if (report.BlocksStage(nameof(ModelStage.Staging)))
        {
            var failures = string.Join("; ", report.Failures.Select(f => $"{f.Gate}: {f.Summary}"));
            logger.LogInformation("Run {RunId} of {Model} is not registered: the gates failed ({Failures})", run.Id, spec.Name, failures);
            return RegistrationResult.Refused(run.Id, spec.Name, "rejected by gates: " + failures);
        }

        var manifest = await artifacts.ReadJsonAsync<DatasetManifest>(run.ArtifactSha256(RunArtifacts.DatasetManifest), cancellationToken);
        var bundle = await artifacts.ReadJsonAsync<EvaluationBundle>(run.ArtifactSha256(RunArtifacts.Evaluation), cancellationToken);
        await registry.GetOrCreateModelAsync(request.Tenant, new NewRegisteredModel(spec.Name, spec.Owner!)
        {
            Description = spec.Description,
            Tags = spec.Tags,
        }, cancellationToken);
        var version = await registry.CreateVersionAsync(request.Tenant, spec.Name, new NewModelVersion(run.ArtifactSha256(RunArtifacts.Onnx), VersionLineage.Of(manifest, spec, request.ParentRunId))
        {
            RunId = run.Id,
            Description = spec.Description,
            Metrics = TrainingRunParameters.Finite(bundle.Metrics),
            Artifacts = Carried.ToDictionary(name => name, run.ArtifactSha256, StringComparer.Ordinal),
        }, request.RequestedBy, cancellationToken);

        var card = VersionCards.Build(version, spec, bundle, report, reportArtifact.Sha256, await features.SnapshotAsync(request.Tenant, cancellationToken));
        var cardJson = await artifacts.PutTextAsync(card.ToJson(), MediaTypes.Json, cancellationToken);
        var cardHtml = await artifacts.PutTextAsync(ModelCardHtml.Render(card), MediaTypes.Html, cancellationToken);
        await registry.AttachArtifactAsync(request.Tenant, spec.Name, version.Version, ArtifactNames.ModelCardJson, cardJson.Sha256, request.Actor, cancellationToken);
        await registry.AttachArtifactAsync(request.Tenant, spec.Name, version.Version, ArtifactNames.ModelCardHtml, cardHtml.Sha256, request.Actor, cancellationToken);
        var reference = await ReferenceProfileAsync(manifest, bundle, cancellationToken);
        await registry.AttachArtifactAsync(request.Tenant, spec.Name, version.Version, ArtifactNames.ReferenceProfile, reference.Sha256, request.Actor, cancellationToken);

        if (version.Stage == ModelStage.None)
        {
            await registry.TransitionAsync(request.Tenant, new TransitionRequest(spec.Name, version.Version, ModelStage.Staging, request.Actor,
                $"every gate passed (report {reportArtifact.Sha256[..12]}); trained in run {run.Id}"), cancellationToken);
        }
        logger.LogInformation("Registered {Model} version {Version} from run {RunId} in Staging", spec.Name, version.Version, run.Id);
        return new RegistrationResult(run.Id, spec.Name, true, version.Version, version.ArtifactSha256, null);
    }

    /// <summary>
    /// What drift monitoring compares live traffic with: the model's input columns over the whole
    /// training set and the candidate's scores on the holdout (the only scores a run keeps).
    /// </summary>
    private async Task<ArtifactRef> ReferenceProfileAsync(DatasetManifest manifest, EvaluationBundle bundle, CancellationToken cancellationToken)
    {
        var set = await snapshots.LoadAsync(manifest, cancellationToken);
        var profile = ReferenceProfiles.Build(set.Frame, bundle.Features.Select(f => (f.Name, f.Type)).ToArray(), bundle.Scores);
        return await artifacts.PutTextAsync(profile.ToJson(), MediaTypes.Json, cancellationToken);
    }
}
