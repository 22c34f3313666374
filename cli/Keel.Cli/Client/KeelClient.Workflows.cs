using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keel.Functions.Http;

namespace Keel.Cli.Client;

/// <summary>The life cycle's API: workflows, approvals and rebuilds from lineage.</summary>
public sealed partial class KeelClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task<JsonNode> StartTrainingAsync(string spec, string actor, TimeSpan? approvalTimeout, string? reason, string? instanceId, CancellationToken cancellationToken, Keel.Workflows.CanaryRequest? canary = null) =>
        SendAsActorAsync(HttpMethod.Post, "/api/workflows/training", new { spec, approvalTimeout, reason, instanceId, canary }, actor, cancellationToken);

    public Task<JsonNode> StartRetrainAsync(string model, string actor, TimeSpan? approvalTimeout, string? reason, string? instanceId, CancellationToken cancellationToken, Keel.Workflows.CanaryRequest? canary = null) =>
        SendAsActorAsync(HttpMethod.Post, "/api/workflows/retrain", new { model, approvalTimeout, reason, instanceId, canary }, actor, cancellationToken);

    public Task<JsonNode> ListWorkflowsAsync(int limit, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"/api/workflows?limit={limit}"), cancellationToken);

    public Task<JsonNode> GetWorkflowAsync(string instanceId, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/workflows/" + Uri.EscapeDataString(instanceId)), cancellationToken);

    public Task<JsonNode> GetWorkflowHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"/api/workflows/{Uri.EscapeDataString(instanceId)}/history"), cancellationToken);

    /// <summary>Sends an approval or a rejection; the workflow still checks it against the separation of duties.</summary>
    public Task<JsonNode> DecideAsync(string instanceId, bool approved, string actor, string? comment, CancellationToken cancellationToken) =>
        SendAsActorAsync(HttpMethod.Post, $"/api/workflows/{Uri.EscapeDataString(instanceId)}/approval", new { approved, comment }, actor, cancellationToken);

    public Task<JsonNode> RebuildFromLineageAsync(string model, int version, string actor, CancellationToken cancellationToken) =>
        SendAsActorAsync(HttpMethod.Post, $"/api/models/{Uri.EscapeDataString(model)}/versions/{version}/rebuild", new { }, actor, cancellationToken);

    /// <summary>Polls an instance until <paramref name="until"/> holds for it or it has finished; the last state read.</summary>
    public async Task<JsonNode> WaitForWorkflowAsync(string instanceId, Func<JsonNode, bool> until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = await GetWorkflowAsync(instanceId, cancellationToken);
            if (until(state) || !IsRunning(state) || DateTime.UtcNow >= deadline)
            {
                return state;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public static bool IsRunning(JsonNode state) => (bool?)state["isRunning"] ?? false;

    public static string? StepOf(JsonNode state) => (string?)state["progress"]?["step"];

    private Task<JsonNode> SendAsActorAsync(HttpMethod method, string path, object body, string actor, CancellationToken cancellationToken)
    {
        var request = Request(method, path, JsonContent.Create(body, options: KeelJson.Options));
        request.Headers.Add(RequestActor.Header, actor);
        return SendAsync(request, cancellationToken);
    }
}
