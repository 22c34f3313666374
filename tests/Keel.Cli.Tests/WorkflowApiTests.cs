using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keel.Cli.Client;
using Keel.Workflows;

namespace Keel.Cli.Tests;

/// <summary>
/// The life cycle through the HTTP API and the CLI against <c>keel up</c>'s platform: approvals under
/// the separation of duties, rejection, tenancy, errors and rebuilds from lineage. Each test trains a
/// model of its own name, so the tests do not see each other's versions or champions.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class WorkflowApiTests(WorkflowPlatformFixture platform) : IClassFixture<WorkflowPlatformFixture>
{
    private KeelClient Client => platform.Client;

    [Fact]
    public async Task The_requester_cannot_approve_and_another_identity_deploys_the_version()
    {
        const string model = "credit_api_deploy";
        var id = await platform.TrainToApprovalAsync(model, "alice");

        var self = await Assert.ThrowsAsync<KeelApiException>(() => Client.DecideAsync(id, approved: true, "alice", "my own model", CancellationToken.None));
        Assert.StartsWith("403", self.Message);
        Assert.Contains("'alice' requested this version", self.Message);
        var waiting = await Client.GetWorkflowAsync(id, CancellationToken.None);
        Assert.True(KeelClient.IsRunning(waiting));
        Assert.Equal(TrainingSteps.AwaitingApproval, KeelClient.StepOf(waiting));

        await Client.DecideAsync(id, approved: true, "bob", "gate report reviewed", CancellationToken.None);
        var outcome = (await platform.FinishedAsync(id))["outcome"]!;
        Assert.Equal("deployed", (string?)outcome["status"]);
        Assert.Equal("bob", (string?)outcome["decidedBy"]);
        Assert.Empty(outcome["refusedApprovals"]!.AsArray());
        Assert.True((double)outcome["metrics"]!["auc"]! > 0.5);

        var version = (int)outcome["version"]!;
        var registered = await Client.GetModelAsync(model, CancellationToken.None);
        Assert.Equal("Production", (string?)Version(registered, version)["stage"]);
        Assert.Contains(registered["aliases"]!.AsArray(), a => (string?)a!["alias"] == "champion" && (int)a["version"]! == version);
    }

    [Fact]
    public async Task A_rejection_archives_the_version_and_the_finished_instance_takes_no_more_decisions()
    {
        const string model = "credit_api_reject";
        var id = await platform.TrainToApprovalAsync(model, "alice");

        await Client.DecideAsync(id, approved: false, "bob", "not this one", CancellationToken.None);
        var outcome = (await platform.FinishedAsync(id))["outcome"]!;
        Assert.Equal("rejected", (string?)outcome["status"]);
        Assert.Equal("bob", (string?)outcome["decidedBy"]);
        Assert.Equal("Archived", (string?)Version(await Client.GetModelAsync(model, CancellationToken.None), (int)outcome["version"]!)["stage"]);

        var late = await Assert.ThrowsAsync<KeelApiException>(() => Client.DecideAsync(id, approved: true, "carol", null, CancellationToken.None));
        Assert.StartsWith("409", late.Message);
    }

    [Fact]
    public async Task The_api_answers_unknown_invalid_and_anonymous_requests_and_hides_other_tenants()
    {
        using var http = TestCallers.Impersonating(platform.Platform.Services, platform.Platform.Address);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/workflows/no-such-instance")).StatusCode);

        var invalid = await PostAsync(http, "/api/workflows/training", new { spec = WorkflowPlatformFixture.Spec("credit_api_invalid").Replace("lightgbm", "xgboost") }, actor: "alice");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("model_type", (string?)invalid.Body["detail"]);

        var withoutUse = await PostAsync(http, "/api/workflows/training", new
        {
            spec = string.Join('\n', WorkflowPlatformFixture.Spec("credit_api_no_use").Split('\n').Where(line => !line.TrimStart().StartsWith("intended_use:", StringComparison.Ordinal))),
        }, actor: "alice");
        Assert.Equal(HttpStatusCode.BadRequest, withoutUse.Status);
        Assert.Contains("intended_use", (string?)withoutUse.Body["detail"]);

        using var nobody = new HttpClient { BaseAddress = platform.Platform.Address };
        var anonymous = await PostAsync(nobody, "/api/workflows/training", new { spec = WorkflowPlatformFixture.Spec("credit_api_anonymous") }, actor: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        var inAnothersName = await PostAsync(http, "/api/workflows/training", new { spec = WorkflowPlatformFixture.Spec("credit_api_other_name"), requestedBy = "mallory" }, actor: "alice");
        Assert.Equal(HttpStatusCode.Forbidden, inAnothersName.Status);
        Assert.Contains("requestedBy", (string?)inAnothersName.Body["detail"]);

        // A spec that parses but names no feature service of the tenant ends as invalid, without training.
        var started = await Client.StartTrainingAsync(WorkflowPlatformFixture.Spec("credit_api_tenant", featureService: "no_such_service"), "alice", null, null, null, CancellationToken.None);
        var id = (string)started["instanceId"]!;
        Assert.Equal("invalid", (string?)(await platform.FinishedAsync(id))["outcome"]!["status"]);

        using var other = platform.ClientFor("other");
        var hidden = await Assert.ThrowsAsync<KeelApiException>(() => other.GetWorkflowAsync(id, CancellationToken.None));
        Assert.StartsWith("404", hidden.Message);
        Assert.DoesNotContain(Ids(await other.ListWorkflowsAsync(100, CancellationToken.None)), i => i == id);
        Assert.Contains(Ids(await Client.ListWorkflowsAsync(100, CancellationToken.None)), i => i == id);
        var elsewhere = await Assert.ThrowsAsync<KeelApiException>(() => other.DecideAsync(id, approved: true, "bob", null, CancellationToken.None));
        Assert.StartsWith("404", elsewhere.Message);
        var finished = await Assert.ThrowsAsync<KeelApiException>(() => Client.DecideAsync(id, approved: true, "bob", null, CancellationToken.None));
        Assert.StartsWith("409", finished.Message);
    }

    [Fact]
    public async Task A_deployed_version_rebuilt_from_its_lineage_has_identical_metrics_through_the_api_and_the_cli()
    {
        const string model = "credit_api_rebuild";
        var version = (int)(await platform.DeployAsync(model))["outcome"]!["version"]!;

        var rebuilt = await Client.RebuildFromLineageAsync(model, version, "carol", CancellationToken.None);
        Assert.True((bool)rebuilt["metricsIdentical"]!, rebuilt.ToJsonString());
        Assert.Empty(rebuilt["differences"]!.AsArray());
        Assert.Equal((double)rebuilt["recordedMetrics"]!["auc"]!, (double)rebuilt["rebuiltMetrics"]!["auc"]!);

        var (exit, output, error) = await platform.KeelAsync("carol", "train", "--from-lineage", model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("metrics identical", output);
        Assert.Contains("auc", output);
    }

    [Fact]
    public async Task The_cli_trains_refuses_self_approval_deploys_and_shows_the_workflow()
    {
        const string model = "credit_api_cli";
        var specPath = Path.Combine(platform.Dir, model + ".yaml");
        await File.WriteAllTextAsync(specPath, WorkflowPlatformFixture.Spec(model));

        var train = await platform.KeelAsync("carol", "train", "--spec", specPath, "--approval-timeout", "00:30:00");
        Assert.True(train.ExitCode == 0, $"exit {train.ExitCode}\n{train.Output}\n{train.Error}");
        Assert.Contains(TrainingSteps.AwaitingApproval, train.Output);
        Assert.Contains("auc", train.Output);
        var id = ApproveCommand().Match(train.Output) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException(train.Output);

        var self = await platform.KeelAsync("carol", "workflows", "approve", id);
        Assert.True(self.ExitCode == 1, $"exit {self.ExitCode}\n{self.Output}\n{self.Error}");
        Assert.Contains("403", self.Output + self.Error);
        Assert.Contains("'carol' requested this version", self.Output + self.Error);

        var approve = await platform.KeelAsync("dave", "workflows", "approve", id, "--comment", "reviewed");
        Assert.True(approve.ExitCode == 0, $"exit {approve.ExitCode}\n{approve.Output}\n{approve.Error}");
        Assert.Contains("counted", approve.Output);
        Assert.Contains("deployed", approve.Output);

        var list = await platform.KeelAsync("dave", "workflows", "list", "--limit", "100");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Output.Split('\n'), line => line.Contains(id) && line.Contains(model) && line.Contains("deployed"));

        var show = await platform.KeelAsync("dave", "workflows", "show", id);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("decided by", show.Output);
        Assert.Contains("dave", show.Output);
        Assert.Contains(nameof(DeployActivity), show.Output);

        var json = await platform.KeelAsync("dave", "workflows", "show", id, "--json");
        Assert.Equal(0, json.ExitCode);
        var view = JsonNode.Parse(json.Output)!;
        Assert.Equal("deployed", (string?)view["outcome"]!["status"]);
        Assert.NotEmpty(view["history"]!.AsArray());

        var unknown = await platform.KeelAsync("dave", "workflows", "show", "no-such-instance");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("404", unknown.Output + unknown.Error);
    }

    [Fact]
    public async Task The_cli_train_exits_1_with_the_summary_when_the_workflow_ends_invalid()
    {
        var specPath = Path.Combine(platform.Dir, "credit_api_cli_invalid.yaml");
        await File.WriteAllTextAsync(specPath, WorkflowPlatformFixture.Spec("credit_api_cli_invalid", featureService: "no_such_service"));

        var (exit, output, error) = await platform.KeelAsync("carol", "train", "--spec", specPath);
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("invalid:", output);
        Assert.Contains("no_such_service", output);
    }

    [Fact]
    public async Task The_cli_starts_a_workflow_without_waiting_and_rejects_its_version()
    {
        const string model = "credit_api_cli_reject";
        var specPath = Path.Combine(platform.Dir, model + ".yaml");
        await File.WriteAllTextAsync(specPath, WorkflowPlatformFixture.Spec(model));

        var start = await platform.KeelAsync("carol", "workflows", "start", "--spec", specPath, "--instance-id", "cli-reject-1");
        Assert.True(start.ExitCode == 0, $"exit {start.ExitCode}\n{start.Output}\n{start.Error}");
        Assert.Contains("cli-reject-1", start.Output);
        var waiting = await Client.WaitForWorkflowAsync("cli-reject-1", s => KeelClient.StepOf(s) == TrainingSteps.AwaitingApproval, WorkflowPlatformFixture.StepTimeout, CancellationToken.None);
        Assert.Equal(TrainingSteps.AwaitingApproval, KeelClient.StepOf(waiting));

        var reject = await platform.KeelAsync("dave", "workflows", "reject", "cli-reject-1", "--comment", "too few trees");
        Assert.True(reject.ExitCode == 0, $"exit {reject.ExitCode}\n{reject.Output}\n{reject.Error}");
        Assert.Contains("rejection counted", reject.Output);
        Assert.Equal("rejected", (string?)(await platform.FinishedAsync("cli-reject-1"))["outcome"]!["status"]);

        var again = await platform.KeelAsync("dave", "workflows", "reject", "cli-reject-1");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("409", again.Output + again.Error);
    }

    [GeneratedRegex(@"keel workflows approve (\S+)")]
    private static partial Regex ApproveCommand();

    private static IReadOnlyList<string> Refused(JsonNode state) =>
        (state["progress"]?["refusedApprovals"] as JsonArray)?.Select(r => (string)r!).ToArray() ?? [];

    private static JsonNode Version(JsonNode model, int version) =>
        model["versions"]!.AsArray().Single(v => (int)v!["version"]! == version)!;

    private static IEnumerable<string> Ids(JsonNode list) => list["workflows"]!.AsArray().Select(w => (string)w!["instanceId"]!);

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient http, string path, object body, string? actor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (actor is not null)
        {
            request.Headers.Add("X-Keel-Actor", actor);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? new JsonObject());
    }
}
