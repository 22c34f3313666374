using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Cli.Platform;
using Keel.Features.Definitions;
using Keel.Features.Repository;
using Keel.Kafka;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel demo</c>: starts the embedded platform, ingests the credit sample through the HTTP
/// API and Kafka, waits for it to be materialized, reads features online, builds a
/// point-in-time training set, trains the credit model through the TrainValidateRegisterDeploy
/// workflow with a second identity approving it, reports what happened and exits. With <c>--json</c> the last
/// line of standard output is one JSON object with the counts.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("Where the demo's stores live (default: a new folder under the system temp folder).")]
        public string? DataDir { get; init; }

        [CommandOption("--json")]
        [Description("End with one line of JSON describing the run.")]
        public bool Json { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("HTTP port on loopback (default 0: a free one).")]
        public int Port { get; init; }
    }

    private const string Tenant = "demo";

    /// <summary>The model the sample's training spec names; the demo's monitoring policy is set for it before the platform starts.</summary>
    private const string DemoModelName = "credit_risk";

    /// <summary>The sample entity the demo scores through the feature store and explains: the first row of the sample.</summary>
    private const string DemoEntity = "1";

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var dataDir = Path.GetFullPath(settings.DataDir ?? Path.Combine(Path.GetTempPath(), "keel-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
        AnsiConsole.MarkupLineInterpolated($"[bold]Keel demo[/]: the credit sample, data in {dataDir}");
        var demoSettings = new Dictionary<string, string?>(DemoDrift.Settings(DemoModelName));
        foreach (var (key, value) in DemoCost.Settings())
        {
            demoSettings[key] = value;
        }
        await using var platform = await PlatformRunner.StartAsync(settings.Port, dataDir, quiet: true, cancellationToken, demoSettings);
        var bootstrap = platform.Services.GetRequiredService<KafkaConnection>().BootstrapServers;
        AnsiConsole.MarkupLineInterpolated($"platform up at {platform.Address}; Kafka (embedded, 3 brokers) at {bootstrap}");

        // Two people, as in a real team: a lead data scientist does the work (and may approve others' models,
        // never their own), a risk officer approves it.
        using var client = platform.CreateClient(DemoTraining.DataScientist, KeelRoles.DataScientist, Tenant, KeelRoles.Approver);
        using var approver = platform.CreateClient(DemoTraining.Approver, KeelRoles.Approver, Tenant);
        var sample = await SampleLoader.LoadAsync(client, dataDir, Tenant, cancellationToken);
        var ingest = sample.Ingest;
        var service = sample.Service;
        IngestCommand.Report(ingest, platform.Address);
        AnsiConsole.MarkupLineInterpolated($"materialized {sample.OfflineRows:N0} rows of {sample.FeaturesView} offline (Parquet) and {sample.OnlineEntities:N0} entities online");

        var online = await client.ReadOnlineAsync(service, null, ["1", "2"], cancellationToken);
        var first = online["results"]![0]!;
        AnsiConsole.MarkupLineInterpolated($"online read of {service} for entity 1: {first["values"]!.ToJsonString()}");

        var setPath = Path.Combine(dataDir, "datasets", service + ".parquet");
        var set = await client.DownloadTrainingSetAsync(service, null, setPath, cancellationToken);
        var hash = set.Sha256;
        AnsiConsole.MarkupLineInterpolated($"training set of {service}: {set.Rows:N0} rows (label {set.Label}), point in time, written to {setPath} (sha256 {hash[..16]}…)");

        var specPath = Path.Combine(dataDir, "sample", "credit", SampleData.TrainingSpecName);
        AnsiConsole.MarkupLineInterpolated($"training {specPath} through the TrainValidateRegisterDeploy workflow");
        var model = await DemoTraining.RunAsync(client, approver, specPath, line => AnsiConsole.MarkupLineInterpolated($"  {line}"), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"workflow {model.InstanceId} {model.WorkflowStatus}: {model.Summary ?? "no outcome"}");
        AnsiConsole.MarkupLineInterpolated($"{model.Model} v{model.Version}: auc {model.Auc:F4}, gates {string.Join(", ", model.Gates.Select(g => $"{g.Key} {g.Value}"))}; trained in {model.TrainingSeconds:F1} s, workflow {model.WorkflowSeconds:F1} s");

        DemoServingResult? serving = null;
        DemoPredictionResult? prediction = null;
        DemoTraceResult? trace = null;
        DemoDriftResult? drift = null;
        DemoReproductionResult? reproduction = null;
        if (model.Deployed && model.Version is { } deployedVersion)
        {
            var spec = Keel.Training.TrainingSpecFile.Load(specPath);
            serving = await DemoServing.RunAsync(platform.Address, platform.Credentials(DemoTraining.DataScientist, KeelRoles.DataScientist, Tenant), model.Model, deployedVersion, setPath, dataDir, spec.Seed, spec.HoldoutFraction, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"served {serving.Predictions:N0} holdout rows over /v2 ({serving.Provider}): max |served − in-process ONNX| {serving.ParityMaxAbsDiff:G3}, p50 {serving.P50Ms:F2} ms, p99 {serving.P99Ms:F2} ms");
            using (var tracer = new DemoTrace())
            {
                (prediction, trace) = await tracer.RunAsync("keel demo prediction", () => DemoPrediction.RunAsync(client, model.Model, DemoEntity, cancellationToken),
                    quiet: TimeSpan.FromSeconds(1.5), limit: TimeSpan.FromSeconds(15), cancellationToken);
            }
            AnsiConsole.MarkupLineInterpolated(
                $"entity {prediction.Entity} through /api/predict (online features, {prediction.Variant}): score {prediction.Score:F4} ({prediction.Label}); most weight: {string.Join(", ", prediction.TopFeatures.Select(f => $"{f.Feature} {f.Contribution:+0.000;-0.000}"))}");
            AnsiConsole.MarkupLineInterpolated($"its trace {trace.TraceId}: {trace.Spans.Count} spans ({string.Join(", ", trace.Spans.Select(s => s.Name))})");

            reproduction = await DemoReproduction.RunAsync(client, model.Model, deployedVersion, line => AnsiConsole.MarkupLineInterpolated($"{line}"), cancellationToken);

            var repository = FeatureRepositoryFile.Load(Path.GetDirectoryName(specPath)!);
            drift = await DemoDrift.RunAsync(client, bootstrap, Path.Combine(dataDir, "sample", SampleData.CsvName), repository.Dataset, model.Model, approver,
                line => AnsiConsole.MarkupLineInterpolated($"  {line}"), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"retraining {drift.RetrainInstance ?? "not started"}: {drift.RetrainStatus ?? "-"} ({drift.RetrainOutcome ?? "no outcome"}{(drift.RetrainedVersion is { } v ? $", version {v}" : "")})");
        }

        var security = await DemoSecurity.ProbeAsync(platform, model.Model, model.SelfApprovalRefused, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"security: no token {security.UnauthenticatedStatus}, tenant {DemoSecurity.OtherTenant} asking for {model.Model} {security.CrossTenantStatus}, self-approval refused {security.SelfApprovalRefused}");
        var audit = await DemoSecurity.AuditAsync(platform, Tenant, dataDir, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"audit: {audit.Entries} entries of tenant {Tenant} exported by {DemoSecurity.Auditor} ({audit.Sealed} of other tenants sealed), verified {audit.Verified}{(audit.Problem is null ? "" : $" ({audit.Problem})")}");

        var cost = await DemoCost.RunAsync(platform, Tenant, DemoSecurity.OtherTenant, bootstrap, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"cost of tenant {Tenant}: {cost.Total ?? "-"} {cost.Currency} ({string.Join(", ", cost.ByModel.Select(m => $"{m.Key} {m.Value}"))}); per 1,000 predictions {string.Join(", ", cost.CostPerThousandPredictions.Select(p => $"{p.Key} {p.Value}"))}; injected spike {(cost.AnomaliesDetected > 0 ? "detected" : "missed")}; lifecycle could reclaim {cost.LifecycleReclaimableNow:N0} bytes now and {cost.LifecycleReclaimableBytes:N0} by {cost.LifecycleAsOf:yyyy-MM-dd}, keeping {cost.LifecycleKept} protected artifacts{(cost.Problem is null ? "" : $" ({cost.Problem})")}");

        var ok = sample.Materialized && set.Rows > 0 && model.Deployed && serving is { Predictions: > 0, ParityMaxAbsDiff: <= 1e-6 } && prediction is not null
            && drift is { Detected: true, RetrainStatus: "Completed" } && reproduction is { MetricsIdentical: true, OnnxIdentical: true }
            && security is { UnauthenticatedStatus: 401, CrossTenantStatus: 404, SelfApprovalRefused: true } && audit is { Verified: true, Entries: > 0 }
            && cost is { Total: not null, AnomaliesDetected: > 0, LifecycleReclaimableBytes: > 0 };
        if (settings.Json)
        {
            Console.WriteLine(new JsonObject
            {
                ["records_ingested"] = ingest.Accepted,
                ["records_rejected"] = ingest.Rejected.Count,
                ["records_materialized"] = sample.OfflineRows,
                ["online_entities"] = sample.OnlineEntities,
                ["training_rows"] = set.Rows,
                ["training_set"] = setPath,
                ["training_set_sha256"] = hash,
                ["model"] = new JsonObject
                {
                    ["name"] = model.Model,
                    ["version"] = model.Version,
                    ["auc"] = model.Auc is { } auc ? Math.Round(auc, 4) : null,
                    ["gates_passed"] = model.GatesPassed,
                    ["gates"] = new JsonObject(model.Gates.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Value))),
                    ["outcome"] = model.Outcome,
                },
                ["workflow_status"] = model.WorkflowStatus,
                ["reproduction"] = reproduction is null ? null : DemoReproduction.ToJson(reproduction),
                ["serving"] = serving is null ? null : new JsonObject
                {
                    ["predictions"] = serving.Predictions,
                    ["parity_max_abs_diff"] = serving.ParityMaxAbsDiff,
                    ["p50_ms"] = Math.Round(serving.P50Ms, 3),
                    ["p99_ms"] = Math.Round(serving.P99Ms, 3),
                    ["provider"] = serving.Provider,
                    ["version"] = serving.Version,
                    ["prediction"] = prediction is null ? null : DemoPrediction.ToJson(prediction),
                },
                ["drift"] = drift is null ? null : DemoDrift.ToJson(drift),
                ["retrain_workflow_status"] = drift?.RetrainStatus,
                ["retrain_outcome"] = drift?.RetrainOutcome,
                ["retrained_version"] = drift?.RetrainedVersion,
                ["trace_spans_for_one_prediction"] = trace?.Spans.Count,
                ["trace_for_one_prediction"] = trace is null ? null : new JsonObject
                {
                    ["trace_id"] = trace.TraceId,
                    ["spans"] = new JsonArray([.. trace.Spans.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["source"] = s.Source, ["kind"] = s.Kind.ToString().ToLowerInvariant() })]),
                },
                ["security"] = DemoSecurity.ToJson(security),
                ["audit"] = DemoSecurity.ToJson(audit),
                ["cost"] = DemoCost.ToJson(cost),
                ["workflow_instance"] = model.InstanceId,
                ["training_seconds"] = Math.Round(model.TrainingSeconds, 2),
                ["workflow_seconds"] = Math.Round(model.WorkflowSeconds, 2),
                ["kafka_bootstrap"] = bootstrap,
                ["data_dir"] = dataDir,
                ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            }.ToJsonString());
        }
        return ok ? 0 : 1;
    }
}
