using System.Text.Json.Nodes;

namespace Keel.Cli.Tests;

public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-demo-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_with_json_exits_0_and_ends_with_the_counts_the_deployed_model_its_trace_and_the_drift_it_retrained_on()
    {
        var (exit, output, error) = await KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(5), "demo", "--json", "--data-dir", Path.Combine(_dir, "data"));

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var last = output.TrimEnd().Split('\n')[^1];
        var json = JsonNode.Parse(last)!.AsObject();
        Assert.Equal(4454, (int)json["records_ingested"]!);
        Assert.Equal(0, (int)json["records_rejected"]!);
        Assert.Equal(4454, (int)json["records_materialized"]!);
        Assert.Equal(4454, (int)json["online_entities"]!);
        Assert.Equal(4454, (int)json["training_rows"]!);
        var trainingSet = (string)json["training_set"]!;
        Assert.Equal((string?)json["training_set_sha256"], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(trainingSet))));
        // The credit model went through the workflow: every gate passed, a second identity approved it,
        // and it was deployed as version 1.
        var model = json["model"]!.AsObject();
        Assert.Equal("credit_risk", (string?)model["name"]);
        Assert.Equal(1, (int)model["version"]!);
        Assert.Equal("deployed", (string?)model["outcome"]);
        Assert.InRange((double)model["auc"]!, 0.75, 1.0);
        Assert.True((bool)model["gates_passed"]!);
        Assert.Equal(["bias", "latency", "onnx_parity", "performance", "schema"], model["gates"]!.AsObject().Select(g => g.Key).Order());
        Assert.All(model["gates"]!.AsObject(), g => Assert.Equal("pass", (string?)g.Value));
        Assert.Equal("Completed", (string?)json["workflow_status"]);
        // The deployment reached the embedded inference service, which scores the holdout as ONNX Runtime does in process.
        var serving = json["serving"]!.AsObject();
        Assert.True((int)serving["predictions"]! > 500, $"{serving["predictions"]} holdout rows served");
        Assert.InRange((double)serving["parity_max_abs_diff"]!, 0, 1e-6);
        Assert.Equal("CPUExecutionProvider", (string?)serving["provider"]);
        Assert.True((double)serving["p99_ms"]! > 0);
        var prediction = serving["prediction"]!;
        Assert.Equal("1", (string?)prediction["entity"]);
        Assert.InRange((double)prediction["score"]!, 0, 1);
        Assert.Contains((string?)prediction["label"], new[] { "bad", "good" });
        Assert.Equal(3, prediction["top_features"]!.AsArray().Count);
        Assert.True((double)json["training_seconds"]! > 0, "training_seconds is measured");
        // One prediction is one trace, from the demo's HTTP call through the server, the feature read and
        // the inference to the prediction log, continued by the consumers of keel.predictions.
        var spans = json["trace_for_one_prediction"]!["spans"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        Assert.Equal(spans.Count, (int)json["trace_spans_for_one_prediction"]!);
        Assert.Subset(spans.ToHashSet(), new HashSet<string> { "POST /api/predict/{model}", "predict credit_risk", "read features credit_model", "infer credit_risk", "create keel.predictions", "process keel.predictions" });
        // The shifted stream (younger applicants, higher incomes, less seniority, larger loans) drifted the
        // features it moved and the ratios built from them, and nothing else; the alert started a
        // retraining that a second identity approved and that deployed version 2.
        var drift = json["drift"]!.AsObject();
        Assert.True((bool)drift["detected"]!);
        var drifted = drift["drifted_features"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.Contains("Age", drifted);
        Assert.Contains("Income", drifted);
        Assert.Subset(new HashSet<string> { "Age", "Income", "Seniority", "Amount", "debt_to_income", "loan_to_price" }, drifted.ToHashSet());
        Assert.Equal(drifted.Count / 15.0, (double)drift["dataset_drift_share"]!, 3);
        Assert.Equal("Completed", (string?)json["retrain_workflow_status"]);
        Assert.Equal("deployed", (string?)json["retrain_outcome"]);
        Assert.Equal(2, (int)json["retrained_version"]!);
        var security = json["security"]!;
        Assert.Equal(401, (int)security["unauthenticated_status"]!);
        Assert.Equal(404, (int)security["cross_tenant_status"]!);
        Assert.True((bool)security["self_approval_refused"]!);
        var audit = json["audit"]!;
        Assert.True((bool)audit["verified"]!, audit.ToJsonString());
        // At least: two registrations, their gate reports, approvals and promotions, and the refused self-approval.
        Assert.True((long)audit["entries"]! >= 8, audit.ToJsonString());
        var cost = json["cost"]!;
        Assert.Equal("EUR", (string?)cost["currency"]);
        Assert.True(decimal.Parse((string)cost["total"]!, System.Globalization.CultureInfo.InvariantCulture) > 0, cost.ToJsonString());
        Assert.NotNull(cost["by_model"]!["credit_risk"]);
        Assert.NotNull(cost["cost_per_1k_predictions"]!["credit_risk@1"]);
        Assert.True((int)cost["anomalies_detected"]! >= 1, cost.ToJsonString());
        // The reproduction run is minutes old, so nothing is released now; once the experiment rule is due its
        // own bytes go, and the blobs it shares with version 1 stay because the version's lineage refers to them.
        var reproduction = json["reproduction"]!;
        Assert.True((bool)reproduction["metrics_identical"]! && (bool)reproduction["onnx_identical"]!, reproduction.ToJsonString());
        Assert.Equal(0, (long)cost["lifecycle_reclaimable_bytes_now"]!);
        Assert.True((long)cost["lifecycle_reclaimable_bytes"]! > 0, cost.ToJsonString());
        Assert.True((int)cost["lifecycle_kept_artifacts"]! > 0, cost.ToJsonString());
        Assert.True(DateTimeOffset.Parse((string)cost["lifecycle_as_of"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddDays(29));
        // The platform's copy of the export is gone once it was sent.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir, "data", "exports")));
    }
}
