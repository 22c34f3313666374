using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Cli.Client;
using Keel.Events;
using Keel.Features.Definitions;
using Keel.Lifecycle;
using Keel.Workflows;

namespace Keel.Cli.Platform;

/// <summary>What the shifted stream did: the alert it raised and the retraining the alert started.</summary>
public sealed record DemoDriftResult(
    int Predictions,
    bool Detected,
    IReadOnlyList<string> DriftedFeatures,
    double DriftShare,
    bool ScoreDrift,
    string? RetrainInstance,
    string? RetrainStatus,
    string? RetrainOutcome,
    int? RetrainedVersion);

/// <summary>
/// The monitoring part of <c>keel demo</c>: after deployment, shifted applicants are scored through
/// <c>POST /api/predict</c> as raw records; their prediction log fills a drift window, DetectDrift
/// judges it against the version's training profile and raises <c>drift.detected</c>, the drift policy
/// starts the <c>Retrain</c> workflow, and a second identity approves the retrained version.
/// </summary>
public static class DemoDrift
{
    /// <summary>Predictions per drift window in the demo: small enough to close within the demo, large enough to judge.</summary>
    public const int WindowRows = 400;

    private const int ShiftedPredictions = WindowRows + 50;
    private const int Parallelism = 4;
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WorkflowTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The demo's monitoring settings. The shift moves 4 of the model's 13 raw inputs (and the two ratios
    /// built from them), about 6 of 15 features; with the default dataset threshold of half the features
    /// it would be reported per feature but not as dataset drift, so the demo model's policy, like a risk
    /// team that retrains when a quarter of its inputs move, sets the share to 0.25.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings(string model) => new Dictionary<string, string?>
    {
        ["Keel:Monitoring:Drift:WindowRows"] = WindowRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Keel:Monitoring:Drift:Models:{model}:DatasetDriftShare"] = "0.25",
    };

    public static async Task<DemoDriftResult> RunAsync(KeelClient client, string bootstrapServers, string csvPath, DatasetSchema dataset, string model, KeelClient approver, Action<string> report, CancellationToken ct)
    {
        var since = DateTimeOffset.UtcNow;
        var records = ShiftedApplicants.Records(csvPath, dataset, ShiftedPredictions, seed: 7);
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (record, token) => await client.PredictAsync(model, null, record, explain: false, version: null, token));
        report($"scored {records.Count} shifted applicants ({string.Join(", ", ShiftedApplicants.ShiftedColumns)} moved) through /api/predict");

        var alert = await WaitForDriftAlertAsync(bootstrapServers, model, since, ct);
        if (alert is null)
        {
            report($"no drift alert within {AlertTimeout.TotalSeconds:F0} s");
            return new DemoDriftResult(records.Count, false, [], 0, false, null, null, null, null);
        }
        var data = JsonSerializer.SerializeToElement(alert.Data);
        var drifted = data.GetProperty("drifted_features").EnumerateArray().Select(f => f.GetString()!).ToArray();
        var share = data.GetProperty("drift_share").GetDouble();
        var scoreDrift = data.GetProperty("score_drift").GetBoolean();
        report($"drift.detected {alert.Id}: {drifted.Length} features drifted ({share:P0}): {string.Join(", ", drifted)}; score drift {scoreDrift}");

        var instance = "retrain-drift-" + alert.Id;
        var state = await FollowRetrainingAsync(client, instance, approver, report, ct);
        var outcome = state?["outcome"];
        return new DemoDriftResult(
            records.Count,
            data.GetProperty("dataset_drift").GetBoolean(),
            drifted,
            share,
            scoreDrift,
            instance,
            (string?)state?["runtimeStatus"],
            (string?)outcome?["status"],
            (int?)outcome?["version"]);
    }

    public static JsonObject ToJson(DemoDriftResult result) => new()
    {
        ["shifted_predictions"] = result.Predictions,
        ["detected"] = result.Detected,
        ["drifted_features"] = new JsonArray([.. result.DriftedFeatures.Select(f => (JsonNode)f)]),
        ["dataset_drift_share"] = Math.Round(result.DriftShare, 4),
        ["score_drift"] = result.ScoreDrift,
        ["retrain_instance"] = result.RetrainInstance,
    };

    /// <summary>The first drift alert about the model since the stream began, read from <c>keel.alerts</c>.</summary>
    private static async Task<CloudEvent?> WaitForDriftAlertAsync(string bootstrapServers, string model, DateTimeOffset since, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "keel-demo-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(KeelTopics.Alerts);
        var deadline = DateTime.UtcNow + AlertTimeout;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                ct.ThrowIfCancellationRequested();
                ConsumeResult<byte[]?, byte[]>? result;
                try
                {
                    result = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(250)), ct);
                }
                catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
                {
                    // keel.alerts appears with its first alert.
                    continue;
                }
                if (result?.Message is not { } message)
                {
                    continue;
                }
                var decoded = CloudEventCodec.Default.Decode(message.Value).Event;
                if (decoded is { Type: KeelEventTypes.DriftDetected } && decoded.Subject == model && decoded.Time >= since.AddMinutes(-1))
                {
                    return decoded;
                }
            }
            return null;
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Waits for the retraining the alert started, approves its version as a second identity, and waits for its end.</summary>
    private static async Task<JsonNode?> FollowRetrainingAsync(KeelClient client, string instance, KeelClient approver, Action<string> report, CancellationToken ct)
    {
        var training = Retrain.TrainingInstanceId(instance);
        if (await WaitToExistAsync(client, training, ct) is null)
        {
            report($"retraining {instance} did not start");
            return await TryGetAsync(client, instance, ct);
        }
        report($"retraining {instance} started by the drift policy");
        var state = await client.WaitForWorkflowAsync(training, s => KeelClient.StepOf(s) == TrainingSteps.AwaitingApproval, WorkflowTimeout, ct);
        if (KeelClient.StepOf(state) == TrainingSteps.AwaitingApproval)
        {
            var waiting = state["progress"]!;
            report($"retrained {waiting["model"]} version {waiting["version"]} waits for approval; approved by {DemoTraining.Approver}");
            await approver.DecideAsync(training, approved: true, DemoTraining.Approver, "demo: retrained on the current feature store after drift", ct);
        }
        return await client.WaitForWorkflowAsync(instance, _ => false, WorkflowTimeout, ct);
    }

    private static async Task<JsonNode?> WaitToExistAsync(KeelClient client, string instance, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + AlertTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryGetAsync(client, instance, ct) is { } state)
            {
                return state;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
        return null;
    }

    private static async Task<JsonNode?> TryGetAsync(KeelClient client, string instance, CancellationToken ct)
    {
        try
        {
            return await client.GetWorkflowAsync(instance, ct);
        }
        catch (KeelApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
