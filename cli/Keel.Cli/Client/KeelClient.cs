using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Events;
using Keel.Functions.Handlers;
using Keel.Functions.Http;

namespace Keel.Cli.Client;

/// <summary>
/// The CLI's client of a running Keel platform (<c>keel up</c>, or the one <c>keel demo</c>
/// starts): the same HTTP API any other client uses.
/// </summary>
public sealed partial class KeelClient(HttpClient http, string? tenant) : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public Uri BaseAddress => http.BaseAddress!;

    /// <param name="tenant">Sent as <c>X-Keel-Tenant</c> when given: the credential's tenant must be that one.</param>
    /// <param name="authorization">The caller's token or API key; see <see cref="CallerCredentials"/>.</param>
    public static KeelClient Create(string url, string? tenant, System.Net.Http.Headers.AuthenticationHeaderValue? authorization)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = authorization;
        return new KeelClient(http, tenant);
    }

    public async Task<JsonNode> ApplyRepositoryAsync(string yaml, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "/api/features/apply", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends a batch of events; a 400 listing rejects is a result here, not a failure. A 429 is
    /// honoured: the batch is sent again after the Retry-After the platform asked for (event ids
    /// make a repeat harmless).
    /// </summary>
    public async Task<IngestReply> IngestAsync(IReadOnlyList<CloudNative.CloudEvents.CloudEvent> events, CancellationToken cancellationToken)
    {
        var bytes = CloudEventCodec.Default.EncodeBatch(events);
        for (var attempt = 1; ; attempt++)
        {
            var body = new ByteArrayContent(bytes);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(CloudEventCodec.BatchContentType);
            using var request = Request(HttpMethod.Post, "/api/events", body);
            using var response = await http.SendAsync(request, cancellationToken);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && attempt < MaxOverloadedAttempts)
            {
                Backoffs++;
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            if (response.IsSuccessStatusCode || json["rejected"] is JsonArray)
            {
                var rejected = json["rejected"] is JsonArray list
                    ? list.Select(r => new IngestRejection((int)r!["index"]!, (string?)r["id"], string.Join("; ", r["errors"]!.AsArray().Select(e => $"{e!["field"]}: {e["message"]}")))).ToArray()
                    : [];
                return new IngestReply((int?)json["accepted"] ?? 0, rejected);
            }
            throw KeelApiException.From(response.StatusCode, json);
        }
    }

    /// <summary>How many times a request was told to wait (429) and was sent again.</summary>
    public int Backoffs { get; private set; }

    private const int MaxOverloadedAttempts = 600;

    public Task<JsonNode> ListFeaturesAsync(CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/features"), cancellationToken);

    public Task<JsonNode> ReadOnlineAsync(string? service, IReadOnlyList<string>? features, IReadOnlyList<string> entities, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Post, "/api/features/online", JsonContent.Create(new { service, features, entities }, options: KeelJson.Options)), cancellationToken);

    public async Task<TrainingSetJson> BuildTrainingSetAsync(string service, string? labelView, CancellationToken cancellationToken)
    {
        var json = await SendAsync(Request(HttpMethod.Post, "/api/features/training-set", JsonContent.Create(new { service, labelView }, options: KeelJson.Options)), cancellationToken);
        return json.Deserialize<TrainingSetJson>(KeelJson.Options)!;
    }

    /// <summary>Builds a training set on the platform and saves it as the Parquet file the platform wrote.</summary>
    public async Task<TrainingSetDownload> DownloadTrainingSetAsync(string service, string? labelView, string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "/api/features/training-set", JsonContent.Create(new { service, labelView, format = "parquet" }, options: KeelJson.Options));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw KeelApiException.From(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject());
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using (var file = File.Create(path))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.First() : "";
        return new TrainingSetDownload(
            int.Parse(Header(BuildTrainingSet.RowsHeader), System.Globalization.CultureInfo.InvariantCulture),
            Header(BuildTrainingSet.LabelHeader) is { Length: > 0 } label ? label : null,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Header(BuildTrainingSet.ViewVersionsHeader)) ?? [],
            Header(BuildTrainingSet.Sha256Header));
    }

    public Task<JsonNode> ListRunsAsync(string? experiment, string? orderBy, bool ascending, int limit, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"limit={limit}" };
        if (experiment is not null)
        {
            query.Add("experiment=" + Uri.EscapeDataString(experiment));
        }
        if (orderBy is not null)
        {
            query.Add("orderBy=" + Uri.EscapeDataString(orderBy));
        }
        if (ascending)
        {
            query.Add("ascending=true");
        }
        return SendAsync(Request(HttpMethod.Get, "/api/runs?" + string.Join('&', query)), cancellationToken);
    }

    public Task<JsonNode> GetRunAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/runs/" + Uri.EscapeDataString(id)), cancellationToken);

    public Task<JsonNode> ListModelsAsync(CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/models"), cancellationToken);

    public Task<JsonNode> GetModelAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/models/" + Uri.EscapeDataString(name)), cancellationToken);

    public Task<JsonNode> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, $"/api/models/{Uri.EscapeDataString(name)}/versions/{version}"), cancellationToken);

    public Task<JsonNode> TransitionAsync(string name, int version, string stage, string reason, string actor, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, $"/api/models/{Uri.EscapeDataString(name)}/versions/{version}/stage",
            JsonContent.Create(new { stage, reason }, options: KeelJson.Options));
        request.Headers.Add(RequestActor.Header, actor);
        return SendAsync(request, cancellationToken);
    }

    public Task<JsonNode> SetAliasAsync(string name, string alias, int version, string reason, string actor, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, $"/api/models/{Uri.EscapeDataString(name)}/aliases/{Uri.EscapeDataString(alias)}",
            JsonContent.Create(new { version, reason }, options: KeelJson.Options));
        request.Headers.Add(RequestActor.Header, actor);
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Downloads an artifact of a model version (gate report, model card, ONNX) to a file.</summary>
    public async Task DownloadModelArtifactAsync(string name, int version, string artifact, string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"/api/models/{Uri.EscapeDataString(name)}/versions/{version}/artifacts/{Uri.EscapeDataString(artifact)}");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw KeelApiException.From(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject());
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken);
    }

    /// <summary>A prediction of the model for an entity (features from the online store) or a raw record, with its explanation on request.</summary>
    public Task<JsonNode> PredictAsync(string model, string? entity, JsonObject? record, bool explain, int? version, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Post, $"/api/predict/{Uri.EscapeDataString(model)}",
            JsonContent.Create(new { entity, record, explain, version }, options: KeelJson.Options)), cancellationToken);

    public Task<JsonNode> MaterializeAsync(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<string>? views, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Post, "/api/features/materialize", JsonContent.Create(new { from, to, views }, options: KeelJson.Options)), cancellationToken);

    /// <summary>The tenant's audit export (JSON lines) for a range; see <c>GET /api/audit/export</c>.</summary>
    public async Task<byte[]> ExportAuditAsync(string? from, string? to, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/api/audit/export" + Query(("from", from), ("to", to)));
        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? bytes
            : throw KeelApiException.From(response.StatusCode, JsonNode.Parse(bytes.Length == 0 ? "{}"u8 : bytes) ?? new JsonObject());
    }

    public Task<JsonNode> AuditEntriesAsync(string? target, string? from, string? to, int? limit, CancellationToken cancellationToken) =>
        SendAsync(Request(HttpMethod.Get, "/api/audit/entries" + Query(("target", target), ("from", from), ("to", to), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))), cancellationToken);

    /// <summary>The governance answer for a prediction: JSON, or the HTML page as text.</summary>
    public async Task<string> PredictionGovernanceAsync(string predictionId, bool html, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"/api/predictions/{Uri.EscapeDataString(predictionId)}/governance" + (html ? "?format=html" : ""));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? text
            : throw KeelApiException.From(response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject());
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (tenant is not null)
        {
            request.Headers.Add(RequestTenant.Header, tenant);
        }
        return request;
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
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
                var json = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
                return response.IsSuccessStatusCode ? json : throw KeelApiException.From(response.StatusCode, json);
            }
        }
    }
}

public sealed record TrainingSetDownload(int Rows, string? Label, IReadOnlyDictionary<string, string> ViewVersions, string Sha256);

public sealed record IngestReply(int Accepted, IReadOnlyList<IngestRejection> Rejected);

public sealed record IngestRejection(int Index, string? Id, string Reason);

/// <summary>A problem answer of the API, shown to the user as its title and detail.</summary>
public sealed class KeelApiException(string message, System.Net.HttpStatusCode? status = null) : Exception(message)
{
    /// <summary>The answer's status, when the platform answered.</summary>
    public System.Net.HttpStatusCode? Status { get; } = status;

    public static KeelApiException From(System.Net.HttpStatusCode status, JsonNode problem)
    {
        var detail = (string?)problem["detail"] ?? problem.ToJsonString();
        var errors = problem["errors"] is JsonArray list ? "\n- " + string.Join("\n- ", list.Select(e => e is JsonObject o ? $"{o["field"]}: {o["message"]}" : e?.ToString())) : "";
        var hint = status == System.Net.HttpStatusCode.Unauthorized
            ? "\nPass --token (or set KEEL_TOKEN; 'keel auth token' makes one), --api-key, or --data-dir of the platform's data directory."
            : "";
        return new KeelApiException($"{(int)status} {(string?)problem["title"] ?? status.ToString()}: {detail}{errors}{hint}", status);
    }
}
