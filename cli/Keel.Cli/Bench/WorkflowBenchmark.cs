using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Features.Offline;
using Keel.Training;
using Keel.Workflows;

namespace Keel.Cli.Bench;

/// <summary>
/// The demo model's whole life cycle through TrainValidateRegisterDeploy on the embedded platform,
/// from the start request to the completed workflow with a second identity approving at once,
/// against the baseline of training the same spec on the same training set directly in process.
/// Every run after the first also evaluates the champion on the holdout, as a retraining does.
/// </summary>
public static class WorkflowBenchmark
{
    private const string Requester = "bench-data-scientist";
    private const string Approver = "bench-risk-officer";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<BenchReport> RunAsync(KeelClient client, TrainingSet set, string specText, int runs, IProgress<string> progress, CancellationToken ct)
    {
        var spec = TrainingSpecFile.Parse(specText, "spec");
        await ModelTrainer.TrainAsync(set, spec, ct); // warm-up: JIT and native libraries load once
        var baseline = new List<double>();
        var endToEnd = new List<double>();
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var activities = new List<double>();
        // Baseline and workflow alternate, so a slow spell of the machine weighs on both alike.
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await ModelTrainer.TrainAsync(set, spec, ct);
            baseline.Add(clock.Elapsed.TotalSeconds);

            clock.Restart();
            var id = (string)(await client.StartTrainingAsync(specText, Requester, Timeout, "keel bench workflow", null, ct))["instanceId"]!;
            var state = await client.WaitForWorkflowAsync(id, s => KeelClient.StepOf(s) == TrainingSteps.AwaitingApproval, Timeout, ct);
            await client.DecideAsync(id, approved: true, Approver, "benchmark", ct);
            state = await client.WaitForWorkflowAsync(id, _ => false, Timeout, ct);
            endToEnd.Add(clock.Elapsed.TotalSeconds);
            var outcome = (string?)state["outcome"]?["status"];
            if (outcome != "deployed")
            {
                throw new InvalidOperationException($"Workflow {id} ended {outcome ?? (string?)state["runtimeStatus"]}: {(string?)state["outcome"]?["summary"]}");
            }
            var total = 0.0;
            foreach (var step in (await client.GetWorkflowHistoryAsync(id, ct))["steps"]!.AsArray())
            {
                if ((string?)step!["kind"] == "ActivityCompleted" && (double?)step["durationMs"] is { } ms)
                {
                    var name = ((string)step["name"]!).Replace("Activity", "", StringComparison.Ordinal);
                    (steps.TryGetValue(name, out var list) ? list : steps[name] = []).Add(ms / 1000);
                    total += ms / 1000;
                }
            }
            activities.Add(total);
            progress.Report($"run {i + 1}: training alone {baseline[^1]:F2} s; workflow {endToEnd[^1]:F2} s, version {(int?)state["outcome"]?["version"]} deployed");
        }

        var measurements = new Dictionary<string, double>
        {
            ["workflow_end_to_end_median_s"] = Median(endToEnd),
            ["workflow_end_to_end_max_s"] = endToEnd.Max(),
            ["activities_total_median_s"] = Median(activities),
            ["baseline_training_alone_median_s"] = Median(baseline),
            ["workflow_over_training_ratio"] = Median(endToEnd) / Median(baseline),
        };
        foreach (var (step, seconds) in steps.OrderByDescending(s => Median(s.Value)))
        {
            measurements[$"step_{step}_median_s"] = Median(seconds);
        }
        return new BenchReport
        {
            Name = "workflow",
            Command = "keel bench workflow",
            Parameters = new Dictionary<string, object>
            {
                ["model"] = spec.Name,
                ["model_type"] = spec.ModelType.Name(),
                ["rows"] = set.Rows,
                ["runs"] = runs,
                ["approval"] = "immediate, by a second identity, over HTTP",
            },
            Measurements = measurements,
            Target = "none set: the end-to-end time of the demo model's workflow on this machine",
            TargetMet = true,
            Notes = "End to end = HTTP start → every activity (training set snapshot, training with ONNX export and parity, evaluation, gates, registration with model card, approval, deployment, promotion) → Completed, as the client sees it (it polls every 250 ms, twice: for the approval request and for the end). Activities total = the sum of the activities' own durations from the instance's history, without the polling and the orchestration between them. Baseline = ModelTrainer.TrainAsync on the same training set and spec, in process, after a warm-up.",
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
