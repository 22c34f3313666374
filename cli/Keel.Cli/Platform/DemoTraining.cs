using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Gates;
using Keel.Lifecycle;
using Keel.Workflows;

namespace Keel.Cli.Platform;

/// <summary>How the demo's model fared: the workflow's end, the version, its holdout AUC and each gate's verdict.</summary>
public sealed record DemoModel(
    string InstanceId,
    string WorkflowStatus,
    string? Outcome,
    string? Summary,
    string Model,
    int? Version,
    double? Auc,
    bool GatesPassed,
    IReadOnlyDictionary<string, string> Gates,
    double TrainingSeconds,
    double WorkflowSeconds,
    bool SelfApprovalRefused = false)
{
    public bool Deployed => Outcome == "deployed";
}

/// <summary>
/// The second half of <c>keel demo</c>: the credit spec goes through the TrainValidateRegisterDeploy
/// workflow as one identity, a second identity approves the registered version, and the workflow
/// deploys and promotes it.
/// </summary>
public static class DemoTraining
{
    public const string DataScientist = "demo-data-scientist";
    public const string Approver = "demo-risk-officer";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    /// <param name="approver">A client acting as <see cref="Approver"/>, who signs the version off.</param>
    public static async Task<DemoModel> RunAsync(KeelClient client, KeelClient approver, string specPath, Action<string> report, CancellationToken cancellationToken)
    {
        var spec = await File.ReadAllTextAsync(specPath, cancellationToken);
        var clock = Stopwatch.StartNew();
        var started = await client.StartTrainingAsync(spec, DataScientist, StepTimeout, "keel demo", null, cancellationToken);
        var selfApprovalRefused = false;
        var id = (string)started["instanceId"]!;
        report($"workflow {id} started by {DataScientist}");

        var state = await client.WaitForWorkflowAsync(id, s => KeelClient.StepOf(s) == TrainingSteps.AwaitingApproval, StepTimeout, cancellationToken);
        if (KeelClient.StepOf(state) == TrainingSteps.AwaitingApproval)
        {
            var waiting = state["progress"]!;
            report($"{waiting["model"]} version {waiting["version"]} registered in Staging; waiting for an approver other than {DataScientist}");
            selfApprovalRefused = await TrySelfApprovalAsync(client, id, report, cancellationToken);
            await approver.DecideAsync(id, approved: true, Approver, "demo: gate report and model card reviewed", cancellationToken);
            report($"approved by {Approver}");
            state = await client.WaitForWorkflowAsync(id, _ => false, StepTimeout, cancellationToken);
        }
        var workflowSeconds = clock.Elapsed.TotalSeconds;

        var outcome = state["outcome"];
        var model = (string?)outcome?["model"] ?? "credit_risk";
        var version = (int?)outcome?["version"];
        var runId = (string?)outcome?["runId"];
        var gates = await GateVerdictsAsync(client, model, version, outcome, cancellationToken);
        var run = runId is null ? null : await client.GetRunAsync(runId, cancellationToken);
        return new DemoModel(
            id,
            (string)state["runtimeStatus"]!,
            (string?)outcome?["status"],
            (string?)outcome?["summary"],
            model,
            version,
            (double?)outcome?["metrics"]?["auc"],
            gates.Count > 0 && gates.Values.All(v => v != Fail),
            gates,
            (double?)run?["run"]?["metrics"]?["training_seconds"] ?? 0,
            workflowSeconds,
            selfApprovalRefused);
    }

    /// <summary>
    /// The requester tries to approve their own version; even holding the approver role, separation of
    /// duties refuses it (403). True when refused.
    /// </summary>
    private static async Task<bool> TrySelfApprovalAsync(KeelClient client, string id, Action<string> report, CancellationToken cancellationToken)
    {
        try
        {
            await client.DecideAsync(id, approved: true, DataScientist, "demo: approving my own model", cancellationToken);
            report($"self-approval by {DataScientist} was accepted");
            return false;
        }
        catch (KeelApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            report($"self-approval by {DataScientist} refused: {ex.Message}");
            return true;
        }
    }

    /// <summary>Each gate's verdict from the version's gate report; without a version, the failures the workflow reported.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> GateVerdictsAsync(KeelClient client, string model, int? version, JsonNode? outcome, CancellationToken cancellationToken)
    {
        if (version is { } v)
        {
            var path = Path.Combine(Path.GetTempPath(), $"keel-demo-gates-{Guid.NewGuid():N}.json");
            try
            {
                await client.DownloadModelArtifactAsync(model, v, RunArtifacts.GateReportJson, path, cancellationToken);
                var report = GateReport.FromJson(await File.ReadAllTextAsync(path, cancellationToken));
                return report.Results.ToDictionary(r => r.Gate, r => Name(r.Verdict));
            }
            finally
            {
                File.Delete(path);
            }
        }
        return (outcome?["failedGates"]?.AsArray() ?? []).ToDictionary(f => (string)f!["gate"]!, _ => Fail);
    }

    private const string Fail = "fail";

    private static string Name(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Fail => Fail,
        _ => "skipped",
    };
}
