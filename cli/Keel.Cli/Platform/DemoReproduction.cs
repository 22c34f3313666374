using System.Text.Json.Nodes;
using Keel.Cli.Client;

namespace Keel.Cli.Platform;

/// <summary>The deployed version trained again from its lineage, in a run of its own.</summary>
public sealed record DemoReproductionResult(string RunId, bool MetricsIdentical, bool OnnxIdentical);

/// <summary>
/// The reproducibility check a reviewer runs (<c>keel train --from-lineage</c>): the version is trained again
/// from its recorded spec and dataset snapshot. The new run never becomes a version, so it is an experiment
/// for the lifecycle policy: once old enough, its own bytes go, while every blob it shares with the version
/// is kept because the version's lineage and approval refer to it.
/// </summary>
public static class DemoReproduction
{
    public static async Task<DemoReproductionResult> RunAsync(KeelClient client, string model, int version, Action<string> report, CancellationToken cancellationToken)
    {
        var rebuilt = await client.RebuildFromLineageAsync(model, version, DemoTraining.DataScientist, cancellationToken);
        var result = new DemoReproductionResult((string)rebuilt["runId"]!, (bool?)rebuilt["metricsIdentical"] == true, (bool?)rebuilt["onnxIdentical"] == true);
        report($"{model} v{version} rebuilt from its lineage in run {result.RunId}: metrics identical {result.MetricsIdentical}, ONNX bytes identical {result.OnnxIdentical}");
        return result;
    }

    public static JsonObject ToJson(DemoReproductionResult result) => new()
    {
        ["run_id"] = result.RunId,
        ["metrics_identical"] = result.MetricsIdentical,
        ["onnx_identical"] = result.OnnxIdentical,
    };
}
