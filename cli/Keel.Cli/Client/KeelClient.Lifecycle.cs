using System.Text.Json.Nodes;

namespace Keel.Cli.Client;

public sealed partial class KeelClient
{
    /// <summary>Runs the tenant's artifact lifecycle policy: only lists what it would do unless <paramref name="dryRun"/> is false.</summary>
    /// <param name="asOf">A forecast of a dry run at that later moment; null for now.</param>
    public Task<JsonNode> ApplyLifecycleAsync(bool dryRun, CancellationToken cancellationToken, DateTimeOffset? asOf = null) =>
        SendAsync(Request(HttpMethod.Post, "/api/lifecycle/apply?dryRun=" + (dryRun ? "true" : "false")
            + (asOf is { } at ? "&asOf=" + Uri.EscapeDataString(at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) : "")), cancellationToken);
}
