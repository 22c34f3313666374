using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Keel.Serving.Tests;

/// <summary>The Open Inference Protocol (KServe v2) REST routes, over HTTP on loopback.</summary>
public sealed class ProtocolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Health_and_server_metadata_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v2/health/ready")).StatusCode);
        var server = await Client.GetFromJsonAsync<JsonElement>("/v2");
        Assert.Equal("keel", server.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(server.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, server.GetProperty("extensions").ValueKind);
        Assert.Equal("CPUExecutionProvider", server.GetProperty("execution_provider").GetString());
    }

    [Fact]
    public async Task Model_metadata_gives_the_tensors_of_the_model()
    {
        foreach (var route in new[] { $"/v2/models/{Loans.Model}", $"/v2/models/{Loans.Model}/versions/1" })
        {
            var metadata = await Client.GetFromJsonAsync<JsonElement>(route);
            Assert.Equal(Loans.Model, metadata.GetProperty("name").GetString());
            Assert.Equal("onnxruntime", metadata.GetProperty("platform").GetString());
            Assert.Contains("1", metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            var inputs = metadata.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
            Assert.Equal(["debt", "has_guarantor", "income", "opened_at", "region"], inputs.Keys.Order());
            Assert.Equal("FP32", inputs["income"].GetProperty("datatype").GetString());
            Assert.Equal("BYTES", inputs["region"].GetProperty("datatype").GetString());
            Assert.Equal([-1L, 1L], inputs["income"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            var outputs = metadata.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
            Assert.Equal("FP32", outputs["Probability.output"].GetProperty("datatype").GetString());
            Assert.Equal("FP32", outputs["Score.output"].GetProperty("datatype").GetString());
            Assert.Equal("BOOL", outputs["PredictedLabel.output"].GetProperty("datatype").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/v2/models/{Loans.Model}/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/v2/models/{Loans.Model}/versions/1/ready")).StatusCode);
    }

    [Fact]
    public async Task A_batch_of_five_rows_gets_five_outputs()
    {
        var set = Loans.Set(5, seed: 11);
        var trained = await Loans.Version1;
        var body = Tensors.Request(Tensors.Encode(set.Frame, trained.InputSignature, 0, 5), id: "req-42");

        var response = await Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/infer", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Loans.Model, result.GetProperty("model_name").GetString());
        Assert.Equal("1", result.GetProperty("model_version").GetString());
        Assert.Equal("req-42", result.GetProperty("id").GetString());
        var outputs = result.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var probability = outputs["Probability.output"];
        Assert.Equal([5L, 1L], probability.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("FP32", probability.GetProperty("datatype").GetString());
        Assert.Equal(5, probability.GetProperty("data").GetArrayLength());
        Assert.All(probability.GetProperty("data").EnumerateArray(), p => Assert.InRange(p.GetDouble(), 0, 1));
        Assert.Equal(5, outputs["PredictedLabel.output"].GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Requested_outputs_and_nested_data_are_honoured()
    {
        var trained = await Loans.Version1;
        var columns = Tensors.Encode(Loans.Set(3, seed: 12).Frame, trained.InputSignature, 0, 3);
        var inputs = columns.Select(pair => new
        {
            name = pair.Key,
            shape = new[] { 3, 1 },
            datatype = pair.Value is string[] ? "BYTES" : "FP32",
            // Nested rows ([[a],[b],[c]]) instead of flat data.
            data = pair.Value.Cast<object>().Select(v => new[] { v is float f && float.IsNaN(f) ? null : v }).ToArray(),
        });

        var response = await Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/versions/2/infer",
            new { inputs, outputs = new[] { new { name = "Probability.output" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2", result.GetProperty("model_version").GetString());
        var output = Assert.Single(result.GetProperty("outputs").EnumerateArray());
        Assert.Equal("Probability.output", output.GetProperty("name").GetString());
        Assert.Equal(3, output.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("/v2/models/no_such_model", "GET")]
    [InlineData("/v2/models/no_such_model/ready", "GET")]
    [InlineData("/v2/models/no_such_model/infer", "POST")]
    [InlineData("/v2/models/loan_default/versions/9", "GET")]
    [InlineData("/v2/models/loan_default/versions/9/ready", "GET")]
    [InlineData("/v2/models/loan_default/versions/9/infer", "POST")]
    [InlineData("/v2/models/loan_default/versions/latest/infer", "POST")]
    public async Task Unknown_models_and_versions_are_404_with_an_error(string route, string method)
    {
        var body = Tensors.Request(Tensors.Encode(Loans.Set(1, seed: 3).Frame, (await Loans.Version1).InputSignature, 0, 1));
        var response = method == "GET" ? await Client.GetAsync(route) : await Client.PostAsJsonAsync(route, body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("datatype", "datatype FP64, but the model takes FP32")]
    [InlineData("count", "has 3 elements, but its shape [2,1] needs 2")]
    [InlineData("shape", "has shape [2,3], but the model takes [-1,1]")]
    [InlineData("unknown", "no input 'salary'")]
    [InlineData("missing", "The input 'region' is missing")]
    [InlineData("text", "which is not a number")]
    [InlineData("rows", "disagree on the number of rows")]
    [InlineData("output", "no output 'nope'")]
    public async Task Bad_tensors_are_400_with_a_precise_error(string fault, string expected)
    {
        var columns = Tensors.Encode(Loans.Set(2, seed: 4).Frame, (await Loans.Version1).InputSignature, 0, 2);
        var inputs = columns.Select(pair => new Dictionary<string, object?>
        {
            ["name"] = pair.Key,
            ["shape"] = new[] { 2, 1 },
            ["datatype"] = pair.Value is string[] ? "BYTES" : "FP32",
            ["data"] = pair.Value is float[] f ? f.Select(v => float.IsNaN(v) ? 0 : v).Cast<object>().ToArray() : pair.Value.Cast<object>().ToArray(),
        }).ToList();
        var income = inputs.Single(i => (string)i["name"]! == "income");
        object? outputs = null;
        switch (fault)
        {
            case "datatype": income["datatype"] = "FP64"; break;
            case "count": income["data"] = new[] { 1, 2, 3 }; break;
            case "shape": income["shape"] = new[] { 2, 3 }; break;
            case "unknown": inputs.Add(new Dictionary<string, object?> { ["name"] = "salary", ["shape"] = new[] { 2, 1 }, ["datatype"] = "FP32", ["data"] = new[] { 1, 2 } }); break;
            case "missing": inputs.RemoveAll(i => (string)i["name"]! == "region"); break;
            case "text": income["data"] = new object[] { 1, "lots" }; break;
            case "rows": income["shape"] = new[] { 1, 1 }; income["data"] = new[] { 1 }; break;
            case "output": outputs = new[] { new { name = "nope" } }; break;
        }

        var response = await Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/infer", new { inputs, outputs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("{\"inputs\": [")]
    [InlineData("not json at all")]
    [InlineData("{\"inputs\": 5}")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task Garbage_bodies_are_400_with_an_error(string body)
    {
        var response = await Client.PostAsync($"/v2/models/{Loans.Model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task The_admin_api_lists_what_is_loaded()
    {
        var loaded = await Client.GetFromJsonAsync<JsonElement>("/api/serving/models");

        var current = Assert.Single(loaded.EnumerateArray(), v => v.GetProperty("current").GetBoolean());
        Assert.Equal(1, current.GetProperty("version").GetInt32());
        Assert.Equal("CPUExecutionProvider", current.GetProperty("executionProvider").GetString());
        Assert.True(current.GetProperty("batchable").GetBoolean());
    }

    [Fact]
    public async Task Prometheus_exposes_the_serving_metrics()
    {
        var body = Tensors.Request(Tensors.Encode(Loans.Set(2, seed: 6).Frame, (await Loans.Version1).InputSignature, 0, 2));
        (await Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/infer", body)).EnsureSuccessStatusCode();

        // The exporter caches a scrape for a moment; ask until the request shows.
        string metrics = "";
        for (var attempt = 0; attempt < 50 && !metrics.Contains("keel_serving_requests", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            metrics = await Client.GetStringAsync("/metrics");
        }
        Assert.Contains("keel_serving_requests", metrics);
        Assert.Contains("keel_serving_queue_depth", metrics);
        Assert.Contains("keel_serving_batch_size", metrics);
        Assert.Contains("keel_serving_inference_duration", metrics);
    }
}
