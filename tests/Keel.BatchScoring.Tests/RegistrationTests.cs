using Keel.BatchScoring.Scheduling;
using Keel.Serving;
using Keel.Serving.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring.Tests;

/// <summary>AddKeelBatchScoring in a host that serves and in one that does not (the Functions host).</summary>
public sealed class RegistrationTests : IDisposable
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Keel:Serving:Models:0:Name"] = "credit_risk",
        ["Keel:Serving:MaxBatchSize"] = "32",
        ["Keel:BatchScoring:Jobs:0:Model"] = "credit_risk",
        ["Keel:BatchScoring:Jobs:0:Dataset"] = "offline",
    };

    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-batch-registration-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Without_serving_batch_scoring_brings_a_model_host_bound_to_keel_serving_and_no_hosted_services()
    {
        await using var services = TestHost.Compose(_dataDir, Settings, s => s.AddKeelBatchScoring(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()), serving: false);

        Assert.Single(services.GetServices<ModelHost>());
        var serving = services.GetRequiredService<IOptions<ServingOptions>>().Value;
        Assert.Equal(32, serving.MaxBatchSize);
        Assert.Single(serving.Models);
        Assert.Empty(services.GetServices<IHostedService>());
        Assert.NotNull(services.GetRequiredService<ScheduledBatchScoring>());
        // Registering twice keeps one job list.
        Assert.Single(services.GetRequiredService<IOptions<BatchScoringOptions>>().Value.Jobs);
    }

    [Fact]
    public async Task Beside_serving_the_model_host_and_its_options_are_serving_s_own()
    {
        await using var services = TestHost.Compose(_dataDir, Settings);

        // One model host, online and batch alike.
        Assert.Single(services.GetServices<ModelHost>());
        var serving = services.GetRequiredService<IOptions<ServingOptions>>().Value;
        Assert.Equal(32, serving.MaxBatchSize);
        Assert.Single(serving.Models);
        Assert.Single(services.GetRequiredService<IOptions<BatchScoringOptions>>().Value.Jobs);
    }
}
