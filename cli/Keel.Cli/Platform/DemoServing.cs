using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Keel.Features.Offline;
using Keel.Functions.Http;
using Keel.Training;

namespace Keel.Cli.Platform;

/// <summary>What the demo measured of serving: predictions made, parity with in-process ONNX Runtime, latency, provider.</summary>
public sealed record DemoServingResult(int Predictions, double ParityMaxAbsDiff, double P50Ms, double P99Ms, string Provider, int Version);

/// <summary>
/// The serving part of <c>keel demo</c>: once the workflow has deployed the model, the embedded
/// inference service (following <c>model.deployed</c>) serves it; the holdout rows of the training set
/// are scored one request each over the Open Inference Protocol and compared with the same ONNX file
/// scored in this process.
/// </summary>
public static class DemoServing
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private const int Concurrency = 4;

    public static async Task<DemoServingResult> RunAsync(Uri platform, System.Net.Http.Headers.AuthenticationHeaderValue caller, string model, int version, string trainingSetPath, string scratch, int seed, double holdoutFraction, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = platform };
        http.DefaultRequestHeaders.Authorization = caller;
        var versionPath = $"/v2/models/{Uri.EscapeDataString(model)}/versions/{version}";
        await WaitReadyAsync(http, versionPath, ct);
        var provider = (string?)(await http.GetFromJsonAsync<JsonNode>("/v2", ct))?["execution_provider"] ?? "unknown";
        var metadata = (await http.GetFromJsonAsync<JsonNode>(versionPath, ct))!;
        var inputs = metadata["inputs"]!.AsArray().Select(i => ((string)i!["name"]!, (string)i["datatype"]!)).ToArray();

        var rows = HoldoutRows(trainingSetPath, seed, holdoutFraction);
        var onnxPath = Path.Combine(scratch, $"{model}-{version}.onnx");
        var onnx = await http.GetByteArrayAsync($"/api/models/{Uri.EscapeDataString(model)}/versions/{version}/artifacts/{Keel.ModelRegistry.ArtifactNames.Onnx}", ct);
        await File.WriteAllBytesAsync(onnxPath, onnx, ct);
        using var scorer = new OnnxScorer(onnx);
        var expected = scorer.Score(rows);

        var served = new float[rows.Count];
        var latencies = new double[rows.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows.Count)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync(versionPath + "/infer", Request([rows[i]], inputs), ct);
                var body = await response.Content.ReadFromJsonAsync<JsonNode>(ct);
                latencies[i] = clock.Elapsed.TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Serving answered {(int)response.StatusCode} for holdout row {i}: {body?["error"]}");
                }
                served[i] = (float)body!["outputs"]!.AsArray().First(o => (string)o!["name"]! == scorer.Output)!["data"]![0]!;
            }
        }));

        var parity = expected.Zip(served, (a, b) => Math.Abs((double)a - b)).DefaultIfEmpty(double.NaN).Max();
        Array.Sort(latencies);
        return new DemoServingResult(rows.Count, parity, Percentile(latencies, 0.50), Percentile(latencies, 0.99), provider, version);
    }

    public static async Task WaitReadyAsync(HttpClient http, string versionPath, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            using var ready = await http.GetAsync(versionPath + "/ready", ct);
            if (ready.IsSuccessStatusCode)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{versionPath} was not ready after {ReadyTimeout}: the deployment did not reach serving.");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>The training set's holdout rows (the trainer's split), as feature records.</summary>
    public static List<IReadOnlyDictionary<string, object?>> HoldoutRows(string path, int seed, double fraction)
    {
        var columns = FrameParquetFile.Read(path);
        var keys = columns.First(c => c.Name == FeatureFrame.EntityColumn).Values;
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var r = 0; r < keys.Count; r++)
        {
            if (HoldoutSplit.IsHoldout(seed, (string)keys[r]!, fraction))
            {
                rows.Add(columns.ToDictionary(c => c.Name, c => c.Values[r], StringComparer.Ordinal));
            }
        }
        return rows;
    }

    /// <summary>Rows as protocol tensors of shape [rows, 1], encoded by the rules training used; a missing number is null.</summary>
    public static JsonObject Request(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<(string Name, string Datatype)> inputs)
    {
        // One scoring time for the whole request, as the service would use for a timestamp's age.
        var asOf = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["inputs"] = new JsonArray(inputs.Select(input => (JsonNode)new JsonObject
            {
                ["name"] = input.Name,
                ["shape"] = new JsonArray(rows.Count, 1),
                ["datatype"] = input.Datatype,
                ["data"] = new JsonArray(rows.Select(row => Value(row.GetValueOrDefault(input.Name), input, asOf)).ToArray()),
            }).ToArray()),
        };
    }

    private static JsonNode? Value(object? value, (string Name, string Datatype) input, DateTimeOffset asOf) =>
        input.Datatype == "BYTES"
            ? FeatureValues.Category(value, input.Name)
            : FeatureValues.Number(value, asOf, input.Name) is var number && float.IsNaN(number) ? null : number;

    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
