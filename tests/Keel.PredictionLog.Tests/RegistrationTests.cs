using Keel.Events.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keel.PredictionLog.Tests;

public sealed class RegistrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-prediction-log-di-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AddKeelPredictionLog_binds_its_options_and_runs_as_a_hosted_service()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = _dir,
            ["Keel:PredictionLog:SpoolMaxBytes"] = "1048576",
            ["Keel:PredictionLog:BatchSize"] = "64",
        }).Build();
        var services = new ServiceCollection().AddKeelPredictionLog(configuration);
        // Registering twice, as two hosts' compositions might, still gives one logger.
        services.AddKeelPredictionLog(configuration);
        await using var provider = services.BuildServiceProvider();

        var logger = provider.GetRequiredService<PredictionLogger>();
        Assert.Same(logger, provider.GetRequiredService<IPredictionLog>());
        Assert.Same(logger, Assert.Single(provider.GetServices<IHostedService>()));
        Assert.NotNull(provider.GetRequiredService<IEventPublisher>());
        Assert.Equal(Path.Combine(_dir, "spool", "predictions"), logger.SpoolDirectory);
        Assert.Equal(1048576, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PredictionLogOptions>>().Value.SpoolMaxBytes);

        await logger.StartAsync(CancellationToken.None);
        Assert.True(logger.TryLog(Predictions.Record(1)));
        await Eventually.True(() => logger.Status.Sent == 1, LogTestBed.Patience, () => $"{logger.Status}");
        await logger.StopAsync(CancellationToken.None);
    }
}
