using System.Text.Json.Nodes;

namespace Keel.Cli.Client;

/// <summary>The reports API: drift and decay reports of a model, as JSON or HTML.</summary>
public sealed partial class KeelClient
{
    /// <summary>The report's body as the platform wrote it; <paramref name="kind"/> is <c>drift</c> or <c>decay</c>.</summary>
    public async Task<string> GetReportAsync(string kind, string model, int? version, string? window, string format, CancellationToken cancellationToken)
    {
        var query = new List<string> { "format=" + Uri.EscapeDataString(format) };
        if (version is { } v)
        {
            query.Add("version=" + v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (window is not null)
        {
            query.Add("window=" + Uri.EscapeDataString(window));
        }
        using var request = Request(HttpMethod.Get, $"/api/reports/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(model)}?{string.Join('&', query)}");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new KeelApiException($"Keel is not reachable at {http.BaseAddress} ({ex.Message}). Start it with 'keel up' or pass --url.");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? text
                : throw KeelApiException.From(response.StatusCode, (text.Length == 0 ? null : JsonNode.Parse(text)) ?? new JsonObject());
        }
    }
}
