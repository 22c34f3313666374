namespace Keel.Training;

/// <summary>
/// Meters a finished (or failed) training run: its wall time times the resources its spec requested,
/// charged to the spec's tags. The workflow calls it; <c>core/Keel.Metering</c> implements it.
/// It must not throw for a publishing problem: training is done, and the usage waits to be sent.
/// </summary>
public interface ITrainingMeter
{
    Task MeterAsync(MeteredTrainingRun run, CancellationToken cancellationToken);
}

/// <summary>A training run to charge: whose, which run, on what spec, from when to when.</summary>
public sealed record MeteredTrainingRun(string Tenant, string RunId, TrainingSpec Spec, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The default: training without metering.</summary>
public sealed class NoTrainingMeter : ITrainingMeter
{
    public static NoTrainingMeter Instance { get; } = new();

    public Task MeterAsync(MeteredTrainingRun run, CancellationToken cancellationToken) => Task.CompletedTask;
}
