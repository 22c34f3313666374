using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Keel.Serving.Tests;

/// <summary>Swapping the current version under continuous load fails no request.</summary>
public sealed class HotSwapTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Swapping_versions_under_load_fails_no_request()
    {
        // One loaded version at a time: every swap unloads the old version while requests are still on it.
        await using var server = await ServingServer.StartAsync(new Dictionary<string, string?>
        {
            ["MaxLoadedVersions"] = "1",
            ["Models:0:Version"] = "1",
        });
        var v1 = await Loans.Version1;
        var v2 = await Loans.Version2;
        var columns = Tensors.Encode(Loans.Set(4, seed: 41).Frame, v1.InputSignature, 0, 4);
        var expected = new Dictionary<string, float[]>
        {
            ["1"] = Tensors.RunInProcess(v1.OnnxBytes, columns),
            ["2"] = Tensors.RunInProcess(v2.OnnxBytes, columns),
        };
        Assert.NotEqual(expected["1"], expected["2"]);
        var payload = JsonSerializer.SerializeToUtf8Bytes(Tensors.Request(columns));

        var failures = new ConcurrentQueue<string>();
        var answers = new ConcurrentQueue<(long Started, string Version)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = clock.ElapsedTicks;
                try
                {
                    using var content = new ByteArrayContent(payload);
                    content.Headers.ContentType = new("application/json");
                    using var response = await server.Client.PostAsync($"/v2/models/{Loans.Model}/infer", content);
                    var text = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"{(int)response.StatusCode}: {text}");
                        continue;
                    }
                    var result = JsonDocument.Parse(text).RootElement;
                    var version = result.GetProperty("model_version").GetString()!;
                    var probabilities = result.GetProperty("outputs").EnumerateArray()
                        .Single(o => o.GetProperty("name").GetString() == "Probability.output")
                        .GetProperty("data").EnumerateArray().Select(p => p.GetSingle()).ToArray();
                    if (!probabilities.SequenceEqual(expected[version]))
                    {
                        failures.Enqueue($"version {version} answered with another version's scores");
                    }
                    answers.Enqueue((started, version));
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex.GetType().Name + ": " + ex.Message);
                }
            }
        })).ToArray();

        // Each phase lasts until enough requests started in it have been answered, however busy the machine is.
        await AnsweredAsync(answers, 0, 20);
        var swappedTo2 = await LoadAsync(server, 2, clock);
        await AnsweredAsync(answers, swappedTo2.Done, 20);
        var swappedTo1 = await LoadAsync(server, 1, clock);
        await AnsweredAsync(answers, swappedTo1.Done, 20);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var all = answers.ToArray();
        output.WriteLine($"{all.Length} requests, {failures.Count} failures; v1 {all.Count(a => a.Version == "1")}, v2 {all.Count(a => a.Version == "2")}");
        Assert.Empty(failures);
        Assert.All(all.Where(a => a.Started > swappedTo2.Done && a.Started < swappedTo1.Started), a => Assert.Equal("2", a.Version));
        Assert.All(all.Where(a => a.Started > swappedTo1.Done), a => Assert.Equal("1", a.Version));
        Assert.Contains(all, a => a.Version == "2");
        var loaded = Assert.Single(server.Host.List());
        Assert.Equal(1, loaded.Version);
    }

    private static async Task AnsweredAsync(ConcurrentQueue<(long Started, string Version)> answers, long since, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (answers.Count(a => a.Started > since) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "requests stopped being answered");
            await Task.Delay(20);
        }
    }

    /// <summary>Loads a version as current through the admin API; the clock ticks when the call started and returned.</summary>
    private static async Task<(long Started, long Done)> LoadAsync(ServingServer server, int version, System.Diagnostics.Stopwatch clock)
    {
        var started = clock.ElapsedTicks;
        var response = await server.Client.SendAsync(ServingServer.Load(new { version, makeCurrent = true }));
        response.EnsureSuccessStatusCode();
        return (started, clock.ElapsedTicks);
    }
}
