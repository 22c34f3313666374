using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Keel.Serving.Tests;

/// <summary>A burst far above a model's queue capacity is refused with 429, not buffered.</summary>
public sealed class OverloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_burst_above_capacity_gets_429s_and_the_queue_stays_bounded()
    {
        await using var server = await ServingServer.StartAsync(new Dictionary<string, string?>
        {
            ["QueueCapacity"] = "8",
            ["MaxBatchSize"] = "4",
            ["MaxBatchDelay"] = "00:00:00.001",
            ["IntraOpThreads"] = "1",
        });
        var trained = await Loans.Version1;
        // Requests of 200 rows run alone (above MaxBatchSize), so each holds the worker for a while.
        var body = JsonContent.Create(Tensors.Request(Tensors.Encode(Loans.Set(200, seed: 31).Frame, trained.InputSignature, 0, 200)));
        await body.LoadIntoBufferAsync();
        var payload = await body.ReadAsByteArrayAsync();

        var observedDepth = 0;
        // Other tests' services run in this process too; only this service's meter (scoped to its factory) counts.
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == ServingMetrics.MeterName && instrument.Name == "keel.serving.queue.depth")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, depth, _, _) => InterlockedMax(ref observedDepth, depth));
        listener.Start();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                listener.RecordObservableInstruments();
                await Task.Delay(1);
            }
        });

        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 3000).Select(async _ =>
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new("application/json");
            using var response = await server.Client.PostAsync($"/v2/models/{Loans.Model}/infer", content);
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(200, result.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After missing");
                Assert.Contains("queue", result.GetProperty("error").GetString());
            }
            return response.StatusCode;
        }));
        await sampling.CancelAsync();
        await sampler;
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        var refused = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        var loaded = server.Host.Find("default", Loans.Model, null)!;
        output.WriteLine($"{ok} served, {refused} refused, peak queue {loaded.PeakQueueDepth}, gauge max {observedDepth}, memory {memoryBefore / 1e6:F1} → {memoryAfter / 1e6:F1} MB");
        Assert.Equal(3000, ok + refused);
        Assert.True(refused > 0, "no request was refused");
        Assert.True(ok > 0, "no request was served");
        Assert.InRange(loaded.PeakQueueDepth, 1, 8);
        Assert.InRange(observedDepth, 1, 8);
        Assert.Equal(0, loaded.QueueDepth);
        Assert.True(memoryAfter - memoryBefore < 64_000_000, $"memory grew by {(memoryAfter - memoryBefore) / 1e6:F1} MB");

        // Once the burst is over, the model serves again.
        using var again = new ByteArrayContent(payload);
        again.Headers.ContentType = new("application/json");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync($"/v2/models/{Loans.Model}/infer", again)).StatusCode);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }
}
