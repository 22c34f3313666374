using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.ModelRegistry;
using Keel.Serving.Runtime;
using Keel.Storage.Artifacts;
using Keel.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Infra.Tests;

/// <summary>
/// A one-feature linear model, trained here and registered as the champion of the default tenant,
/// so that the inference service loads it and its queue, batch and latency instruments report.
/// </summary>
internal static class TinyModel
{
    public const string Name = "infra_probe";

    public const string Feature = "x";

    public static async Task RegisterAsync(IServiceProvider services)
    {
        var trained = await ModelTrainer.TrainAsync(Set(), new TrainingSpec
        {
            Name = Name,
            FeatureService = "probe",
            Label = "label",
            PositiveClass = "yes",
            ModelType = ModelType.Sdca,
            Seed = 1,
        });
        var registry = services.GetRequiredService<IModelRegistry>();
        var artifacts = services.GetRequiredService<IArtifactStore>();
        await registry.GetOrCreateModelAsync("default", new NewRegisteredModel(Name, "tests"), CancellationToken.None);
        var stored = await artifacts.PutAsync(new MemoryStream(trained.OnnxBytes), "application/onnx", CancellationToken.None);
        await registry.CreateVersionAsync("default", Name, new NewModelVersion(stored.Sha256, new Lineage
        {
            DatasetSnapshotHash = new string('a', 64),
            TrainingSpecHash = trained.SpecHash,
            CodeVersion = "tests",
            RowCount = trained.TrainRows,
        })
        { RunId = Guid.NewGuid().ToString("N") }, "tests", CancellationToken.None);
        await registry.SetAliasAsync("default", Name, ModelLoader.ChampionAlias, 1, "tests", "infra tests", CancellationToken.None);
    }

    /// <summary>A v2 inference request of two rows.</summary>
    public static object Request() => new
    {
        inputs = new[] { new { name = Feature, shape = new[] { 2, 1 }, datatype = "FP32", data = new[] { 0.2f, 0.9f } } },
    };

    private static TrainingSet Set()
    {
        const int rows = 200;
        var random = new Random(7);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var x = new object?[rows];
        var label = new object?[rows];
        for (var i = 0; i < rows; i++)
        {
            var value = random.NextDouble();
            x[i] = value;
            label[i] = value + (0.2 * (random.NextDouble() - 0.5)) > 0.5 ? "yes" : "no";
        }
        var frame = new FeatureFrame(
            Enumerable.Range(0, rows).Select(i => "e" + i).ToArray(),
            Enumerable.Range(0, rows).Select(i => start.AddMinutes(i)).ToArray(),
            [new FrameColumn("label", FeatureType.String, label), new FrameColumn(Feature, FeatureType.Double, x)]);
        return new TrainingSet("probe", "probe_labels", "label", new Dictionary<string, string> { ["probe_features"] = "v1" }, frame);
    }
}
