using System.Text.Json.Nodes;

namespace Keel.Cli.Client;

public sealed partial class KeelClient
{
    /// <summary>The tenant's cost report: JSON (parsed), or CSV/HTML as text; see <c>GET /api/costs/report</c>.</summary>
    public async Task<string> CostReportAsync(string by, string? from, string? to, string format, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/api/costs/report" + Query(("by", by), ("from", from), ("to", to), ("format", format)));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? text
            : throw KeelApiException.From(response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject());
    }

    public Task<JsonNode> CostPerPredictionAsync(string? from, string? to, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/costs/per-prediction" + Query(("from", from), ("to", to))), cancellationToken);

    public Task<JsonNode> IdleEndpointsAsync(CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/costs/idle"), cancellationToken);
}
