using System.Text.Json.Nodes;
using Keel.Cli.Client;
using Keel.Cli.Platform;
using Keel.Workflows;

namespace Keel.Cli.Tests;

/// <summary>
/// One embedded platform (functions and the local workflow runtime) with the credit sample loaded,
/// shared by the workflow API tests: starting it and ingesting the sample take seconds.
/// </summary>
public sealed class WorkflowPlatformFixture : IAsyncLifetime
{
    public const string Tenant = "default";
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    public string Dir { get; } = Directory.CreateTempSubdirectory("keel-workflow-api-").FullName;

    public PlatformRunner Platform { get; private set; } = null!;

    public KeelClient Client { get; private set; } = null!;

    public string Url => Platform.Address.ToString();

    /// <summary>Configuration over the platform's defaults.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>Runs on the data directory before the platform starts, e.g. to put a secret in its store.</summary>
    public Func<string, Task>? BeforeStart { get; init; }

    /// <summary>A last word on the platform's builder, e.g. to capture its log.</summary>
    public Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? Configure { get; init; }

    public string DataDir => Path.Combine(Dir, "data");

    /// <summary>A client of <paramref name="tenant"/> whose changes are made by the actor each names (an admin).</summary>
    public KeelClient ClientFor(string tenant) =>
        new(TestCallers.Impersonating(Platform.Services, Platform.Address, TimeSpan.FromMinutes(5)), tenant);

    public async Task InitializeAsync()
    {
        if (BeforeStart is not null)
        {
            await BeforeStart(DataDir);
        }
        Platform = await PlatformRunner.StartAsync(port: 0, DataDir, quiet: true, CancellationToken.None, Settings, Configure);
        Client = ClientFor(Tenant);
        var sample = await SampleLoader.LoadAsync(Client, DataDir, Tenant, CancellationToken.None);
        Assert.True(sample.Materialized, "the credit sample was not materialized");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Platform.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>
    /// A spec of the credit sample that passes the gates: few trees keep it fast, and the bias gate
    /// is off because these tests are about the life cycle, not about the sample's fairness.
    /// </summary>
    public static string Spec(string model, string featureService = "credit_model") => $$"""
        name: {{model}}
        description: Ranks credit applications by the risk of default (a test of the life cycle).
        intended_use: Tests of Keel's workflow API; not for decisions.
        owner: someone@example.com
        feature_service: {{featureService}}
        label_view: credit_labels
        label: Status
        positive_class: bad
        model_type: lightgbm
        hyper_parameters: {num_iterations: 30, num_leaves: 15}
        seed: 7
        gates:
          bias: {enabled: false}
          latency: {samples: 50, warmup: 10, p95_budget_ms: 250}
        """;

    /// <summary>Starts a training of <paramref name="model"/> as <paramref name="requester"/> and waits until its version waits for approval.</summary>
    public async Task<string> TrainToApprovalAsync(string model, string requester)
    {
        var started = await Client.StartTrainingAsync(Spec(model), requester, TimeSpan.FromMinutes(30), "workflow API test", null, CancellationToken.None);
        var id = (string)started["instanceId"]!;
        var state = await Client.WaitForWorkflowAsync(id, s => KeelClient.StepOf(s) == TrainingSteps.AwaitingApproval, StepTimeout, CancellationToken.None);
        Assert.True(KeelClient.StepOf(state) == TrainingSteps.AwaitingApproval, $"{model} did not reach approval: {state.ToJsonString()}");
        return id;
    }

    /// <summary>Waits until the instance has finished; its last state.</summary>
    public async Task<JsonNode> FinishedAsync(string id)
    {
        var state = await Client.WaitForWorkflowAsync(id, _ => false, StepTimeout, CancellationToken.None);
        Assert.False(KeelClient.IsRunning(state), $"{id} did not finish: {state.ToJsonString()}");
        return state;
    }

    /// <summary>Trains <paramref name="model"/> as alice and has bob approve it; the finished instance.</summary>
    public async Task<JsonNode> DeployAsync(string model)
    {
        var id = await TrainToApprovalAsync(model, "alice");
        await Client.DecideAsync(id, approved: true, "bob", "reviewed", CancellationToken.None);
        var state = await FinishedAsync(id);
        Assert.True((string?)state["outcome"]?["status"] == "deployed", state.ToJsonString());
        return state;
    }

    /// <summary>Runs the built keel against this platform as <paramref name="actor"/>, signing its token with the platform's key.</summary>
    public Task<(int ExitCode, string Output, string Error)> KeelAsync(string actor, params string[] args) =>
        KeelProcess.RunAsync(Dir, TimeSpan.FromMinutes(3), [.. args, "--url", Url, "--tenant", Tenant, "--actor", actor, "--data-dir", DataDir]);
}
