using System.Net.Http.Json;
using System.Text.Json;
using Keel.Training;

namespace Keel.Serving.Tests;

/// <summary>What the service answers is what ONNX Runtime computes in process, batching and JSON included.</summary>
public sealed class ParityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Served_probabilities_equal_an_in_process_run_on_1000_rows()
    {
        var trained = await Loans.Version1;
        var set = Loans.Set(1000, seed: 21);
        var all = Tensors.Encode(set.Frame, trained.InputSignature, 0, 1000);
        var expected = Tensors.RunInProcess(trained.OnnxBytes, all);

        // Sent as 40 concurrent requests of 25 rows, so the batcher concatenates and splits them.
        var served = await Task.WhenAll(Enumerable.Range(0, 40).Select(async chunk =>
        {
            var body = Tensors.Request(Tensors.Encode(set.Frame, trained.InputSignature, chunk * 25, 25));
            var response = await fixture.Server.Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/versions/1/infer", body);
            response.EnsureSuccessStatusCode();
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            var output = result.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Probability.output");
            return output.GetProperty("data").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        }));

        var actual = served.SelectMany(s => s).ToArray();
        Assert.Equal(1000, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(maxDiff <= 1e-6, $"max |Δ| {maxDiff}");
    }

    [Fact]
    public async Task Scoring_feature_records_equals_the_onnx_scorer()
    {
        var trained = await Loans.Version1;
        var set = Loans.Set(300, seed: 22);
        var rows = Enumerable.Range(0, 300).Select(r => (IReadOnlyDictionary<string, object?>)Loans.Row(set, r)).ToArray();
        var asOf = Loans.Start.AddDays(400);
        using var scorer = new OnnxScorer(trained.OnnxBytes);
        var expected = scorer.Score(rows, asOf);

        var result = await fixture.Server.Host.ScoreAsync("default", Loans.Model, null, rows, asOf, CancellationToken.None);

        Assert.Equal(1, result.Version);
        Assert.Equal("Probability.output", result.Output);
        Assert.Equal(expected, result.Scores);
    }

    [Fact]
    public async Task Scoring_a_record_without_a_feature_says_which()
    {
        var row = Loans.Row(Loans.Set(1, seed: 23), 0);
        row.Remove("debt");

        var error = await Assert.ThrowsAsync<Keel.Serving.Protocol.InferenceValidationException>(() =>
            fixture.Server.Host.ScoreAsync("default", Loans.Model, null, [row], Loans.Start, CancellationToken.None));

        Assert.Contains("'debt'", error.Message);
    }
}
