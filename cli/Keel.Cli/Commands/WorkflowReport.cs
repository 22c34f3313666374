using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Workflows;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>How the workflow commands read and print an instance (the API's <c>WorkflowView</c> as JSON).</summary>
internal static class WorkflowReport
{
    // The metrics a person judges a candidate by; `keel runs show` has the rest.
    private static readonly string[] KeyMetrics = ["auc", "auprc", "f1", "accuracy", "precision", "recall", "logloss", "rmse", "mae", "r2"];

    /// <summary>Outcomes after which nothing was registered or what was registered was undone.</summary>
    private static readonly string[] Unsuccessful = ["invalid", "failed", "rejected_by_gates"];

    public static string Id(JsonNode state) => (string)state["instanceId"]!;

    public static string? Status(JsonNode state) => (string?)state["outcome"]?["status"];

    /// <summary>Approvals that did not count: the outcome's once finished, the progress's while waiting.</summary>
    public static IReadOnlyList<string> Refused(JsonNode state) =>
        (state["outcome"]?["refusedApprovals"] ?? state["progress"]?["refusedApprovals"]) is JsonArray list
            ? list.Select(entry => (string?)entry ?? "").ToArray()
            : [];

    /// <summary>Why a finished instance counts as a failure of the request, or null when it does not (or still runs).</summary>
    public static string? Failure(JsonNode state)
    {
        if (KeelClient.IsRunning(state))
        {
            return null;
        }
        if (state["outcome"] is not { } outcome)
        {
            // The workflow itself failed (an exception, not a Keel outcome), or was terminated.
            return $"{(string?)state["runtimeStatus"]}: {(string?)state["failure"] ?? "no outcome"}";
        }
        return Unsuccessful.Contains((string?)outcome["status"]) ? $"{(string?)outcome["status"]}: {(string?)outcome["summary"]}" : null;
    }

    public static string Metrics(JsonNode? metrics)
    {
        if (metrics is not JsonObject values)
        {
            return "";
        }
        var shown = KeyMetrics.Where(values.ContainsKey).Select(name => $"{name} {Number(values[name])}");
        return string.Join(", ", shown);
    }

    private static string Number(JsonNode? value) =>
        value is JsonValue number && number.TryGetValue<double>(out var d) ? d.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    public static string Time(JsonNode? value, string format = "yyyy-MM-dd HH:mm:ss'Z'") =>
        value is JsonValue text && text.TryGetValue<DateTimeOffset>(out var time)
            ? time.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture)
            : "";

    /// <summary>Where an instance is and, once finished, how it ended: one row per fact that is known.</summary>
    public static Grid Describe(JsonNode state, JsonNode? runMetrics = null)
    {
        var progress = state["progress"];
        var outcome = state["outcome"];
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
            }
        }
        var model = (string?)outcome?["model"] ?? (string?)progress?["model"];
        var version = (int?)outcome?["version"] ?? (int?)progress?["version"];
        Row("instance", $"{Id(state)} ({(string?)state["workflow"]}, tenant {(string?)state["tenant"]})");
        Row("status", $"{(string?)state["runtimeStatus"]}, step {KeelClient.StepOf(state) ?? "-"}");
        Row("created", Time(state["createdAt"]));
        Row("updated", Time(state["updatedAt"]));
        Row("model", model is null ? null : version is null ? model : $"{model} v{version}");
        Row("run", (string?)outcome?["runId"] ?? (string?)progress?["runId"]);
        Row("metrics", Metrics(outcome?["metrics"] ?? runMetrics));
        if (KeelClient.IsRunning(state))
        {
            Row("approval deadline", Time(progress?["approvalDeadline"]));
            Row("detail", (string?)progress?["detail"]);
        }
        Row("outcome", outcome is null ? null : $"{(string?)outcome["status"]}: {(string?)outcome["summary"]}");
        Row("decided by", (string?)outcome?["decidedBy"]);
        Row("previous champion", (int?)outcome?["previousChampion"] is { } champion ? $"v{champion}" : null);
        Row("compensated", (bool?)outcome?["compensated"] == true ? "yes" : null);
        foreach (var gate in outcome?["failedGates"]?.AsArray() ?? [])
        {
            Row("failed gate", $"{(string?)gate?["gate"]}: {(string?)gate?["summary"]}");
        }
        foreach (var refusal in Refused(state))
        {
            Row("refused approval", refusal);
        }
        Row("failure", (string?)state["failure"]);
        return grid;
    }

    /// <summary>The instance's steps as the engine recorded them, oldest first.</summary>
    public static Table History(JsonNode history)
    {
        var table = new Table().AddColumns("#", "kind", "name", "time (UTC)", "attempt", "ms", "note");
        foreach (var step in history["steps"]?.AsArray() ?? [])
        {
            var note = (string?)step!["failure"] ?? ((string?)step["relatedInstanceId"] is { } related ? "instance " + related : "");
            table.AddRow(
                Markup.Escape(step["sequence"]?.ToString() ?? ""),
                Markup.Escape((string?)step["kind"] ?? ""),
                Markup.Escape((string?)step["name"] ?? ""),
                // Steps come milliseconds apart; the date is in the instance's own rows.
                Time(step["timestamp"], "HH:mm:ss.fff"),
                Markup.Escape(step["attempt"]?.ToString() ?? ""),
                step["durationMs"] is JsonValue ms ? ((double)ms).ToString("0", CultureInfo.InvariantCulture) : "",
                Markup.Escape(note));
        }
        return table;
    }

    /// <summary>The holdout metrics of an unfinished instance's run (a finished one has them in its outcome).</summary>
    public static async Task<JsonNode?> RunMetricsAsync(KeelClient client, JsonNode state, CancellationToken cancellationToken) =>
        state["outcome"] is null && (string?)state["progress"]?["runId"] is { } runId
            ? (await client.GetRunAsync(runId, cancellationToken))["run"]?["metrics"]
            : null;

    /// <summary>While an instance waits for approval: the commands that decide it.</summary>
    public static void WriteApprovalHint(JsonNode state, string? requester = null)
    {
        if (KeelClient.IsRunning(state) && KeelClient.StepOf(state) == TrainingSteps.AwaitingApproval)
        {
            AnsiConsole.MarkupLineInterpolated($"waiting for an approver other than {requester ?? "the requester"}:");
            AnsiConsole.MarkupLineInterpolated($"  keel workflows approve {Id(state)}");
            AnsiConsole.MarkupLineInterpolated($"  keel workflows reject {Id(state)} --comment \"...\"");
        }
    }

    /// <summary>The instance that takes an approval: a retraining's is its child training.</summary>
    public static string ApprovalInstance(JsonNode state) =>
        (string?)state["workflow"] == nameof(Retrain) ? Retrain.TrainingInstanceId(Id(state)) : Id(state);
}
