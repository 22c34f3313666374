using System.Text.Json.Nodes;

namespace Keel.Cli.Client;

public sealed partial class KeelClient
{
    /// <summary>Runs the tenant's artifact lifecycle policy: only lists what it would do unless <paramref name="dryRun"/> is false.</summary>
    public Task<JsonNode> ApplyLifecycleAsync(bool dryRun, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Post, "/api/lifecycle/apply?dryRun=" + (dryRun ? "true" : "false")), cancellationToken);
}
