using Keel.Features.Registry;
using Keel.Gates;
using Keel.Gates.Reports;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>
/// Runs the validation gates over a training run's candidate and ends the run: the scored holdout
/// (with the champion's scores when it was compared), the protected attributes, the feature
/// service's current schema against the model's inputs, the ONNX parity measured in training and a
/// single-row latency probe. The report is stored as JSON and HTML on the run, the gates'
/// measurements become run metrics, and the verdict a run tag.
/// </summary>
public sealed class GateEvaluation(
    ITrackingStore tracking,
    IArtifactStore artifacts,
    IFeatureRegistry features,
    DatasetSnapshots datasets,
    GateRunner gates)
{
    /// <summary>Run tags naming the stored report, set in one call with the verdict.</summary>
    public const string ReportJsonTag = "gates.report_json";

    public const string ReportHtmlTag = "gates.report_html";

    public async Task<GateVerdicts> RunAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var run = await tracking.GetRunAsync(tenant, runId, cancellationToken);
        if (run.Tags.TryGetValue(ReportJsonTag, out var storedJson) && run.Tags.TryGetValue(ReportHtmlTag, out var storedHtml))
        {
            // A retried step: the gates ran and their report was stored before the step's result was.
            var earlier = GateReport.FromJson(await artifacts.ReadTextAsync(storedJson, cancellationToken));
            await FinishAsync(run, storedJson, storedHtml, cancellationToken);
            return GateVerdicts.Of(runId, earlier, storedJson, storedHtml);
        }

        var spec = TrainingSpecFile.Parse(await artifacts.ReadTextAsync(run.ArtifactSha256(RunArtifacts.ModelSpec), cancellationToken), RunArtifacts.ModelSpec);
        var bundle = await artifacts.ReadJsonAsync<EvaluationBundle>(run.ArtifactSha256(RunArtifacts.Evaluation), cancellationToken);
        var comparison = run.Artifacts.TryGetValue(RunArtifacts.ChampionComparison, out var compared)
            ? await artifacts.ReadJsonAsync<ChampionComparison>(compared.Sha256, cancellationToken)
            : null;
        var set = await datasets.LoadAsync(bundle.DatasetManifestSha256, cancellationToken);
        using var scorer = new OnnxScorer(await artifacts.ReadBytesAsync(run.ArtifactSha256(RunArtifacts.Onnx), cancellationToken));

        var context = new GateContext
        {
            ModelName = spec.Name,
            ModelVersion = "candidate of run " + runId,
            Holdout = bundle.Holdout(comparison?.ChampionScores),
            ProtectedAttributes = bundle.ProtectedAttributes.Select(a => a.ToGateAttribute()).ToArray(),
            ServiceSchema = await ServiceSchemaAsync(tenant, spec.FeatureService, cancellationToken),
            ModelInputs = bundle.Features.Select(f => new ModelInput(f.Name, f.Type)).ToArray(),
            OnnxParity = new OnnxParityMeasurement(bundle.OnnxParity.MaxAbsDiff, bundle.OnnxParity.RowsCompared),
            LatencyProbe = new LatencyProbe(scorer, ProbeRows(bundle, set.Frame)).MeasureAsync,
            Settings = spec.Gates,
        };
        var report = await gates.RunAsync(context, cancellationToken);

        var json = await artifacts.PutTextAsync(report.ToJson(), MediaTypes.Json, cancellationToken);
        var html = await artifacts.PutTextAsync(GateReportHtml.Render(report), MediaTypes.Html, cancellationToken);
        await tracking.LogMetricsAsync(tenant, runId, Measurements(report), null, cancellationToken);
        // One call records the verdict and where the report is, so a retry finds either all of it or none.
        await tracking.SetTagsAsync(tenant, runId, new Dictionary<string, string>
        {
            ["gates.verdict"] = report.Passed ? "pass" : "fail",
            ["gates.failed"] = string.Join(",", report.Failures.Select(f => f.Gate)),
            [ReportJsonTag] = json.Sha256,
            [ReportHtmlTag] = html.Sha256,
        }, cancellationToken);
        // Counted once the verdict is stored: a retried step finds it and does not count again.
        GateMetrics.Record(tenant, report);
        await FinishAsync(run, json.Sha256, html.Sha256, cancellationToken);
        return GateVerdicts.Of(runId, report, json.Sha256, html.Sha256);
    }

    /// <summary>The features the service serves now, typed as their views define them; null when the service is gone.</summary>
    private async Task<IReadOnlyList<ServiceFeature>?> ServiceSchemaAsync(string tenant, string service, CancellationToken cancellationToken)
    {
        var snapshot = await features.SnapshotAsync(tenant, cancellationToken);
        if (snapshot.Service(service) is not { } definition)
        {
            return null;
        }
        var schema = new List<ServiceFeature>();
        foreach (var reference in definition.Features)
        {
            if (snapshot.View(reference.View) is not { } view)
            {
                continue;
            }
            var names = reference.Names.Count == 0 ? view.Compiled.FeatureNames : reference.Names;
            schema.AddRange(names.Select(name => view.Definition.Feature(name)).OfType<Features.Definitions.FeatureDefinition>().Select(f => new ServiceFeature(f.Name, f.Type)));
        }
        return schema;
    }

    /// <summary>The holdout rows as serving receives them: the model's features by name, scored as of the row's time.</summary>
    private static IReadOnlyList<(IReadOnlyDictionary<string, object?>, DateTimeOffset)> ProbeRows(EvaluationBundle bundle, Features.Offline.FeatureFrame snapshot)
    {
        var holdout = bundle.HoldoutFrame(snapshot);
        var columns = bundle.Features.Select(f => holdout.Column(f.Name)).ToArray();
        return Enumerable.Range(0, holdout.RowCount)
            .Select(row => ((IReadOnlyDictionary<string, object?>)columns.ToDictionary(c => c.Name, c => c.Values[row], StringComparer.Ordinal), holdout.Timestamps[row]))
            .ToArray();
    }

    private static Dictionary<string, double> Measurements(GateReport report) => report.Results
        .SelectMany(r => r.Measurements.Select(m => (Name: $"gate.{r.Gate}.{m.Key}", m.Value)))
        .Where(m => double.IsFinite(m.Value))
        .GroupBy(m => m.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    /// <summary>Logs the report to the run and ends it; both are no-ops when an earlier attempt got that far.</summary>
    private async Task FinishAsync(Run run, string jsonSha256, string htmlSha256, CancellationToken cancellationToken)
    {
        // Putting stored bytes again changes nothing and gives the exact reference the run logs.
        var json = await artifacts.PutTextAsync(await artifacts.ReadTextAsync(jsonSha256, cancellationToken), MediaTypes.Json, cancellationToken);
        var html = await artifacts.PutTextAsync(await artifacts.ReadTextAsync(htmlSha256, cancellationToken), MediaTypes.Html, cancellationToken);
        await tracking.LogArtifactAsync(run.Tenant, run.Id, RunArtifacts.GateReportJson, json, cancellationToken);
        await tracking.LogArtifactAsync(run.Tenant, run.Id, RunArtifacts.GateReportHtml, html, cancellationToken);
        if ((await tracking.GetRunAsync(run.Tenant, run.Id, cancellationToken)).Status == RunStatus.Running)
        {
            await tracking.EndRunAsync(run.Tenant, run.Id, RunStatus.Finished, null, cancellationToken);
        }
    }
}
