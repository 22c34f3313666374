using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Every <see cref="MeteringOptions.FlushInterval"/> turns the inference series into events and sends
/// everything waiting; at stop it does so once more and spools what the log would not take. Runs
/// served after the stop (requests draining as the host goes down) are spooled when the container
/// disposes this service, so they are not lost either.
/// </summary>
public sealed class MeteringFlusher : BackgroundService
{
    private readonly CostEventOutbox _outbox;
    private readonly InferenceMeter? _inference;
    private readonly MeteringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MeteringFlusher> _logger;
    private int _disposed;

    public MeteringFlusher(CostEventOutbox outbox, IOptions<MeteringOptions> options, TimeProvider time, ILogger<MeteringFlusher> logger,
        InferenceMeter? inference = null)
    {
        _outbox = outbox;
        _inference = inference;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Takes the inference series and sends what is waiting; false when the log did not take everything.</summary>
    public Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (_inference is not null)
        {
            _outbox.Add(_inference.Drain());
        }
        return _outbox.FlushAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_inference is not null)
        {
            _outbox.Add(_inference.Drain());
        }
        await _outbox.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                if (_inference is not null)
                {
                    _outbox.Add(_inference.Drain());
                }
                _outbox.SpoolPending();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Could not spool the last usage at shutdown");
            }
        }
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        // Spooled usage of an earlier run of the process goes out at once.
        await FlushQuietlyAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushQuietlyAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync sends the rest.
        }
    }

    private async Task FlushQuietlyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The events stay queued or spooled; the next tick tries again.
            _logger.LogError(ex, "Flushing cost events failed");
        }
    }
}
