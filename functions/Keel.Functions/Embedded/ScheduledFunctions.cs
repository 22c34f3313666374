using Cronos;
using Keel.Functions.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Embedded;

/// <summary>
/// Runs the catalogue's timer-triggered functions on their NCRONTAB schedules, as the Functions
/// host's Timer trigger would. A failed run is logged and the next occurrence still runs.
/// </summary>
public sealed class ScheduledFunctions(IServiceProvider services, TimeProvider time, ILogger<ScheduledFunctions> logger) : BackgroundService
{
    private static readonly Dictionary<string, Func<IServiceProvider, CancellationToken, Task>> Runs = new()
    {
        [FunctionCatalog.Names.MaterializeFeatureRange] = (s, c) => s.GetRequiredService<MaterializeFeatureRange>().RunScheduledAsync(c),
        [FunctionCatalog.Names.MeterStorage] = (s, c) => s.GetRequiredService<MeterStorage>().RunScheduledAsync(c),
        [FunctionCatalog.Names.ApplyRetention] = (s, c) => s.GetRequiredService<ApplyRetention>().RunScheduledAsync(c),
        [FunctionCatalog.Names.ScoreBatches] = (s, c) => s.GetRequiredService<ScoreBatch>().RunScheduledAsync(c),
    };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FunctionCatalog.All.OfType<TimerFunction>().Select(f => RunOnScheduleAsync(f, stoppingToken)));

    private async Task RunOnScheduleAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        if (!Runs.TryGetValue(function.Name, out var run))
        {
            throw new InvalidOperationException($"Timer function {function.Name} has no handler in the embedded host.");
        }
        var schedule = CronExpression.Parse(function.Schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            await Task.Delay(next.Value - now, time, stoppingToken);
            using var activity = FunctionTelemetry.Source.StartActivity(function.Name);
            try
            {
                await using var scope = services.CreateAsyncScope();
                await run(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Scheduled function {Function} failed; it runs again at its next occurrence", function.Name);
            }
        }
    }
}
