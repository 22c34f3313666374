using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Serving.Protocol;
using Keel.Serving.Runtime;

namespace Keel.Serving.Tests;

/// <summary>
/// The request JSON the v2 route reads in one pass: the forms a body may take and the edge cases
/// that must be refused with a 400 naming the fault, over HTTP on loopback.
/// </summary>
public sealed class ProtocolJsonTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    /// <summary>Two rows of every input, flat, NaN as null — a body as a client usually writes it.</summary>
    private static async Task<JsonObject> BodyAsync()
    {
        var columns = Tensors.Encode(Loans.Set(2, seed: 21).Frame, (await Loans.Version1).InputSignature, 0, 2);
        return (JsonObject)JsonSerializer.SerializeToNode(Tensors.Request(columns, id: "json-1"))!;
    }

    private static JsonObject Input(JsonObject body, string name) =>
        body["inputs"]!.AsArray().Select(i => i!.AsObject()).Single(i => (string)i["name"]! == name);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string model = Loans.Model)
    {
        using var response = await Client.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static float[] Probabilities(JsonElement result) =>
        result.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Probability.output")
            .GetProperty("data").EnumerateArray().Select(p => p.GetSingle()).ToArray();

    [Fact]
    public async Task Any_nesting_property_order_and_name_case_read_the_same_tensors()
    {
        var body = await BodyAsync();
        var (status, flat) = await PostAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);

        var other = await BodyAsync();
        var inputs = new JsonArray();
        foreach (var input in other["inputs"]!.AsArray().Select(i => i!.AsObject()))
        {
            // Rows nested two deep, data first, property names in other cases, a parameter and an unknown property.
            var data = new JsonArray(input["data"]!.AsArray().Select(v => (JsonNode)new JsonArray(new JsonArray(v?.DeepClone()))).ToArray());
            inputs.Add(new JsonObject
            {
                ["DATA"] = data,
                ["Shape"] = input["shape"]!.DeepClone(),
                ["parameters"] = new JsonObject { ["content_type"] = "np" },
                ["comment"] = new JsonArray(1, "two", null),
                ["Name"] = (string)input["name"]!,
                ["datatype"] = ((string)input["datatype"]!).ToLowerInvariant(),
            });
        }
        var (nestedStatus, nested) = await PostAsync(new JsonObject { ["ID"] = "json-1", ["Inputs"] = inputs }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, nestedStatus);
        Assert.Equal("json-1", nested.GetProperty("id").GetString());
        Assert.Equal(Probabilities(flat), Probabilities(nested));
    }

    [Fact]
    public async Task A_name_given_again_after_the_data_reads_the_data_for_the_last_name()
    {
        var body = await BodyAsync();
        var (_, expected) = await PostAsync(body.ToJsonString());
        var inputs = body["inputs"]!.AsArray().Select(i => i!.AsObject()).ToArray();
        // Each input first takes its neighbour's name (of another datatype, for some), then its own.
        var json = "{\"inputs\":[" + string.Join(",", inputs.Select((input, i) =>
            $"{{\"name\":\"{inputs[(i + 1) % inputs.Length]["name"]}\",\"shape\":{input["shape"]!.ToJsonString()}," +
            $"\"datatype\":\"{input["datatype"]}\",\"data\":{input["data"]!.ToJsonString()},\"name\":\"{input["name"]}\"}}")) + "]}";

        var (status, result) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Probabilities(expected), Probabilities(result));
    }

    [Theory]
    [InlineData("region", "[\"north\", 5]", "The input 'region' has the element 5, which is not a string (BYTES).")]
    [InlineData("income", "[1, true]", "The input 'income' has the element true, which is not a number.")]
    [InlineData("income", "[[1], [\"lots\"]]", "The input 'income' has the element \"lots\", which is not a number.")]
    [InlineData("income", "[1, {\"amount\": \"a long explanation of the amount\"}]",
        "The input 'income' has the element {\"amount\":\"a long explanation of the amo…, which is not a number.")]
    [InlineData("income", "[1, 2, 3, 4, 5]", "The input 'income' has 3 elements, but its shape [2,1] needs 2.")]
    [InlineData("income", "[[1, 2], [3]]", "The input 'income' has 3 elements, but its shape [2,1] needs 2.")]
    [InlineData("income", "[[1]]", "The input 'income' has 1 elements, but its shape [2,1] needs 2.")]
    [InlineData("income", "[1, \"x\", 3]", "The input 'income' has 3 elements, but its shape [2,1] needs 2.")]
    [InlineData("income", "{\"0\": 1}", "The data of input 'income' is not an array.")]
    [InlineData("income", "null", "The data of input 'income' is not an array.")]
    public async Task Bad_data_is_400_with_the_element_or_count_named(string input, string data, string expected)
    {
        var body = await BodyAsync();
        Input(body, input)["data"] = JsonNode.Parse(data);

        var (status, result) = await PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expected, result.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("duplicate", "The input 'income' is given twice.")]
    [InlineData("null-input", "An input has no name.")]
    [InlineData("null-name", "An input has no name.")]
    [InlineData("no-datatype", "The input 'income' has datatype (none), but the model takes FP32.")]
    [InlineData("no-shape", "The input 'income' has no shape; the model takes [-1,1].")]
    [InlineData("negative", "The input 'income' has shape [-1,1], but the model takes [-1,1].")]
    [InlineData("billions", "The input 'income' has 2 elements, but its shape [4000000000,1] needs 4000000000.")]
    [InlineData("null-output", "The model has no output ''")]
    public async Task Bad_inputs_are_400_with_a_precise_error(string fault, string expected)
    {
        var body = await BodyAsync();
        var income = Input(body, "income");
        var inputs = body["inputs"]!.AsArray();
        switch (fault)
        {
            case "duplicate": inputs.Add(income.DeepClone()); break;
            case "null-input": inputs.Add(null); break;
            case "null-name": income["name"] = null; break;
            case "no-datatype": income.Remove("datatype"); break;
            case "no-shape": income["shape"] = null; break;
            case "negative": income["shape"] = new JsonArray(-1, 1); break;
            case "billions": income["shape"] = new JsonArray(4_000_000_000L, 1); break;
            case "null-output": body["outputs"] = new JsonArray(null, new JsonObject { ["name"] = "Score.output" }); break;
        }

        var (status, result) = await PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(expected, result.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("1e39")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("\"NaN\"")]
    [InlineData("null")]
    public async Task Numbers_beyond_FP32_and_missing_values_are_read_as_before(string value)
    {
        // Beyond float (or double) is an infinity, as a cast has always made it; the trees still score it.
        var body = await BodyAsync();
        Input(body, "income")["data"] = JsonNode.Parse($"[{value}, 1]");

        var (status, result) = await PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(Probabilities(result), p => Assert.InRange(p, 0, 1));
    }

    [Theory]
    [InlineData("{\"inputs\": [{\"name\": \"income\", \"shape\": [1.5, 1]}]}")]
    [InlineData("{\"inputs\": [{\"name\": \"income\", \"shape\": [\"2\", 1]}]}")]
    [InlineData("{\"id\": 7, \"inputs\": []}")]
    [InlineData("{\"inputs\": [], \"parameters\": [1]}")]
    [InlineData("{\"inputs\": [5]}")]
    [InlineData("{\"inputs\": []} {}")]
    [InlineData("{\"inputs\": [], }")]
    [InlineData("")]
    public async Task Bodies_that_are_not_requests_are_refused_in_the_serializers_words(string json)
    {
        var (status, result) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = result.GetProperty("error").GetString()!;
        Assert.StartsWith("The body is not a valid inference request: ", error);
        // What System.Text.Json says when deserialising, with where it stopped.
        Assert.Contains("LineNumber: 0", error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"inputs\": [5]}")]
    public async Task A_bad_body_for_a_model_not_loaded_is_still_400(string json)
    {
        var (status, result) = await PostAsync(json, model: "no_such_model");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("The body is not a valid inference request: ", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_response_is_json_of_known_length_with_the_id_echoed()
    {
        var body = await BodyAsync();

        using var response = await Client.PostAsync($"/v2/models/{Loans.Model}/infer", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        var result = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(["model_name", "model_version", "id", "outputs"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("json-1", result.GetProperty("id").GetString());
        var output = result.GetProperty("outputs")[0];
        Assert.Equal(["name", "shape", "datatype", "data"], output.EnumerateObject().Select(p => p.Name));
    }
}

/// <summary>The datatypes the demo models lack, read and written without a server.</summary>
public sealed class ProtocolJsonDatatypeTests
{
    private static readonly TensorSpec[] Specs =
    [
        new("count", DataTypes.Int64, typeof(long), [-1, 2]),
        new("small", DataTypes.Int32, typeof(int), [-1]),
        new("flag", DataTypes.Bool, typeof(bool), [-1]),
        new("exact", DataTypes.Fp64, typeof(double), [-1]),
    ];

    private static (Array[] Inputs, long[][] Shapes, int Rows) Read(string count = "[[1, 2], [3, 4]]", string countShape = "[2, 2]", string small = "[5, -6]", string flag = "[true, false]", string exact = "[0.1, null]")
    {
        var json = $$"""
            {"inputs": [
              {"name": "count", "shape": {{countShape}}, "datatype": "INT64", "data": {{count}}},
              {"name": "small", "shape": [2], "datatype": "INT32", "data": {{small}}},
              {"name": "flag", "shape": [2], "datatype": "BOOL", "data": {{flag}}},
              {"name": "exact", "shape": [2], "datatype": "FP64", "data": {{exact}}}]}
            """;
        return TensorReader.Read(RequestReader.Read(Encoding.UTF8.GetBytes(json), Specs), Specs);
    }

    [Fact]
    public void Every_datatype_is_read_into_its_own_array()
    {
        var (inputs, shapes, rows) = Read();

        Assert.Equal(2, rows);
        Assert.Equal([1L, 2, 3, 4], Assert.IsType<long[]>(inputs[0]));
        Assert.Equal([5, -6], Assert.IsType<int[]>(inputs[1]));
        Assert.Equal([true, false], Assert.IsType<bool[]>(inputs[2]));
        var exact = Assert.IsType<double[]>(inputs[3]);
        Assert.Equal(0.1, exact[0]);
        Assert.True(double.IsNaN(exact[1]));
        Assert.Equal([2L, 2], shapes[0]);
    }

    [Theory]
    [InlineData("count", "[[1, 2], [3, 4.5]]", "The input 'count' has the element 4.5, which is not an INT64.")]
    [InlineData("count", "[[1, 2], [3, 9223372036854775808]]", "The input 'count' has the element 9223372036854775808, which is not an INT64.")]
    [InlineData("small", "[5, 3000000000]", "The input 'small' has the element 3000000000, which is not an INT32.")]
    [InlineData("small", "[5, null]", "The input 'small' has the element null, which is not an INT32.")]
    [InlineData("flag", "[true, 1]", "The input 'flag' has the element 1, which is not a BOOL.")]
    [InlineData("flag", "[true, \"false\"]", "The input 'flag' has the element \"false\", which is not a BOOL.")]
    [InlineData("exact", "[0.1, \"0.2\"]", "The input 'exact' has the element \"0.2\", which is not a number.")]
    public void A_wrong_element_is_named(string input, string data, string expected)
    {
        var error = Assert.Throws<InferenceValidationException>(() => input switch
        {
            "count" => Read(count: data),
            "small" => Read(small: data),
            "flag" => Read(flag: data),
            _ => Read(exact: data),
        });

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_shape_of_more_elements_than_a_count_can_hold_is_refused()
    {
        var error = Assert.Throws<InferenceValidationException>(() => Read(countShape: "[4611686018427387904, 2]"));

        Assert.Equal("The shape [4611686018427387904,2] has more elements than a tensor can hold.", error.Message);
    }

    [Fact]
    public void A_response_is_written_as_the_serializer_wrote_it()
    {
        var response = new InferenceResponse
        {
            ModelName = "m<&>",
            ModelVersion = "3",
            Id = "é\"id",
            Outputs =
            [
                new ResponseOutput { Name = "f", Shape = [4], Datatype = DataTypes.Fp32, Data = new[] { 0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity } },
                new ResponseOutput { Name = "d", Shape = [2], Datatype = DataTypes.Fp64, Data = new[] { 1e300, double.NaN } },
                new ResponseOutput { Name = "l", Shape = [2, 1], Datatype = DataTypes.Int64, Data = new[] { long.MinValue, 7L } },
                new ResponseOutput { Name = "i", Shape = [1], Datatype = DataTypes.Int32, Data = new[] { -3 } },
                new ResponseOutput { Name = "b", Shape = [1], Datatype = DataTypes.Bool, Data = new[] { true } },
                new ResponseOutput { Name = "s", Shape = [2], Datatype = DataTypes.Bytes, Data = new[] { "a\n<b>", null! } },
            ],
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            InferenceResponseWriter.Write(writer, response);
        }

        Assert.Equal(JsonSerializer.Serialize(response, InferenceJson.Options), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
