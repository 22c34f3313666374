using Keel.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Functions.Handlers;

/// <summary>
/// Runs beside <see cref="DetectDrift"/> in every process that consumes <c>keel.predictions</c>: every
/// <see cref="DriftMonitorOptions.ClockInterval"/> it closes the windows whose time ran out without a
/// prediction to close them, and at most hourly it prunes the drift ledger of ids older than
/// <see cref="DriftMonitorOptions.LedgerRetention"/>.
/// </summary>
public sealed class DriftClock(DetectDrift detector, DriftLedger ledger, IOptions<DriftMonitorOptions> options, TimeProvider time, ILogger<DriftClock> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.ClockInterval <= TimeSpan.Zero)
        {
            return;
        }
        var lastPrune = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(settings.ClockInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow();
                var closed = await detector.CloseElapsedAsync(now, stoppingToken);
                if (closed > 0)
                {
                    logger.LogInformation("The drift clock closed {Count} window(s) whose time ran out", closed);
                }
                if (now - lastPrune >= PruneEvery)
                {
                    var pruned = await ledger.PruneAsync(now - settings.LedgerRetention, stoppingToken);
                    lastPrune = now;
                    logger.LogDebug("Pruned {Count} prediction id(s) older than {Retention} from the drift ledger", pruned, settings.LedgerRetention);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; windows stay open meanwhile.
                logger.LogWarning(ex, "The drift clock could not close elapsed windows");
            }
        }
    }
}
