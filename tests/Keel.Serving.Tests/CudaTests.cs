using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Tests;

/// <summary>CUDA asked for on a machine without the CUDA provider: the service warns and serves on the CPU.</summary>
public sealed class CudaTests
{
    [Fact]
    public async Task Cuda_on_a_cpu_only_machine_falls_back_to_the_cpu_with_a_warning()
    {
        await using var server = await ServingServer.StartAsync(new Dictionary<string, string?> { ["Device"] = "cuda" });

        var metadata = await server.Client.GetFromJsonAsync<JsonElement>("/v2");
        Assert.Equal("CPUExecutionProvider", metadata.GetProperty("execution_provider").GetString());
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CUDA", StringComparison.Ordinal));
        var body = Tensors.Request(Tensors.Encode(Loans.Set(2, seed: 5).Frame, (await Loans.Version1).InputSignature, 0, 2));
        (await server.Client.PostAsJsonAsync($"/v2/models/{Loans.Model}/infer", body)).EnsureSuccessStatusCode();
    }
}
