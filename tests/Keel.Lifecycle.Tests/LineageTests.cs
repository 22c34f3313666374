using System.Globalization;
using Keel.Features.Offline;
using Keel.Features.Registry;
using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Tracking;
using Keel.Training;
using Keel.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// Lineage and reproducibility: a version records where it came from, and retraining from that record
/// (<c>keel train --from-lineage</c>) reproduces its metrics exactly — from the dataset snapshot, not
/// from whatever the feature store holds by then.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LineageTests : IAsyncLifetime
{
    private const string Model = "credit_searched";

    /// <summary>A search, so the version's spec is the best trial's rather than the one requested.</summary>
    private const string Search = """
        search:
          strategy: grid
          metric: auc
          space: {learning_rate: [0.05, 0.2]}
        """;

    private LifecyclePlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await LifecyclePlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_version_records_its_lineage_and_rebuilding_from_it_reproduces_the_metrics_exactly()
    {
        var instance = await _platform.StartTrainingAsync(Specs.Credit(Model, search: Search));
        await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(instance, "bob");
        Assert.Equal(TrainingStatus.Deployed, (await _platform.OutcomeAsync(instance)).Status);

        var version = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, Model, 1, CancellationToken.None))!;
        var lineage = version.Lineage;
        Assert.Equal(version.Artifacts[RunArtifacts.Dataset].Sha256, lineage.DatasetSnapshotHash);
        Assert.True(await _platform.Artifacts.ExistsAsync(lineage.DatasetSnapshotHash, CancellationToken.None));
        Assert.Equal(CreditData.Applicants, lineage.RowCount);
        Assert.Equal(CreditData.Start, lineage.From);
        Assert.Equal(CreditData.Start.AddMinutes(90 * (CreditData.Applicants - 1)), lineage.To);
        Assert.Equal(CreditData.Service, lineage.FeatureService);
        var views = await _platform.Services.GetRequiredService<IFeatureRegistry>().SnapshotAsync(CreditData.Tenant, CancellationToken.None);
        Assert.Equal(views.View("applicant_features")!.Version, lineage.FeatureViews["applicant_features"]);
        Assert.Equal(views.View(CreditData.FairLabels)!.Version, lineage.FeatureViews[CreditData.FairLabels]);
        Assert.Equal(7, lineage.Seed);
        Assert.Equal(CreditData.FairLabel, lineage.Label);
        Assert.Equal(CodeVersion.Current, lineage.CodeVersion);
        Assert.StartsWith("0.1.0", lineage.CodeVersion);
        Assert.Null(lineage.ParentRunId);
        var modelSpec = TrainingSpecFile.Parse(await _platform.Artifacts.ReadTextAsync(version.Artifacts[RunArtifacts.ModelSpec].Sha256));
        Assert.Equal(modelSpec.Hash, lineage.TrainingSpecHash);
        Assert.Null(modelSpec.Search);
        Assert.NotNull(TrainingSpecFile.Parse(await _platform.Artifacts.ReadTextAsync(version.Artifacts[RunArtifacts.TrainingSpec].Sha256)).Search);

        // Drift monitoring's reference: the model's inputs over the whole snapshot, its scores over the holdout.
        var reference = Keel.Drift.Profiles.DatasetProfile.FromJson(await _platform.Artifacts.ReadTextAsync(version.Artifacts[ArtifactNames.ReferenceProfile].Sha256));
        var bundle = await _platform.Artifacts.ReadJsonAsync<EvaluationBundle>(version.Artifacts[RunArtifacts.Evaluation].Sha256, CancellationToken.None);
        Assert.Equal(bundle.Features.Select(f => f.Name).Order(StringComparer.Ordinal), reference.Features.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(CreditData.FairLabel, string.Join(",", reference.Features.Keys));
        Assert.Equal(CreditData.Applicants, reference.Rows);
        Assert.Equal(bundle.Scores.Count, reference.Score!.Count);
        Assert.Equal(bundle.Scores.Max(), reference.Score.Max);

        // The search's trials are child runs; the parent run's model is the best of them.
        var trials = await _platform.Tracking.ChildrenAsync(CreditData.Tenant, version.RunId!, CancellationToken.None);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(RunStatus.Finished, t.Status));
        var best = BestRun.Select(trials, "auc", higherIsBetter: true);
        Assert.Equal(best.Metrics["auc"], version.Metrics["auc"]);
        var parent = await _platform.Tracking.GetRunAsync(CreditData.Tenant, version.RunId!, CancellationToken.None);
        Assert.Equal(best.Tags["trial"], parent.Params["search.best_trial"]);
        Assert.Equal(lineage.DatasetSnapshotHash, parent.Params["dataset_sha256"]);

        // The feature store moves on: later applicants arrive. The rebuild must not see them.
        await _platform.Services.GetRequiredService<Keel.Features.Materialization.FeatureMaterializer>()
            .MaterializeAsync(CreditData.Records(300, seed: 99, keyPrefix: "late"), CancellationToken.None);
        var live = await _platform.Services.GetRequiredService<TrainingSetService>().BuildAsync(CreditData.Tenant, CreditData.Service, CreditData.FairLabels, CancellationToken.None);
        Assert.Equal(CreditData.Applicants + 300, live.Rows);

        var rebuilt = await _platform.Services.GetRequiredService<LineageRebuild>().RebuildAsync(CreditData.Tenant, Model, 1, "carol", CancellationToken.None);

        Assert.True(rebuilt.MetricsIdentical, string.Join("; ", rebuilt.Differences));
        Assert.Empty(rebuilt.Differences);
        Assert.True(rebuilt.OnnxIdentical);
        Assert.Contains("auc", rebuilt.RebuiltMetrics.Keys);
        Assert.Equal(version.Metrics.OrderBy(m => m.Key), rebuilt.RebuiltMetrics.OrderBy(m => m.Key));
        var rebuildRun = await _platform.Tracking.GetRunAsync(CreditData.Tenant, rebuilt.RunId, CancellationToken.None);
        Assert.NotEqual(version.RunId, rebuildRun.Id);
        Assert.Equal(RunStatus.Finished, rebuildRun.Status);
        Assert.Equal($"{Model}/1", rebuildRun.Tags["rebuild_of"]);
        Assert.Equal("carol", rebuildRun.CreatedBy);
        Assert.Equal(lineage.DatasetSnapshotHash, rebuildRun.Params["dataset_sha256"]);
        Assert.Equal(CreditData.Applicants.ToString(CultureInfo.InvariantCulture), rebuildRun.Params["dataset_rows"]);
    }
}
