using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Cost events on their way to <c>keel.costs</c>. Events keep their ids from the moment they are made,
/// so an event sent again after a failed or partly acknowledged publish is the same event, and the
/// ledger drops the copy. Memory is bounded: past <see cref="MeteringOptions.MaxPendingEvents"/> events
/// go to the spool on disk, and so does everything still unsent at stop. Spooled events are read back
/// (oldest first) once memory is empty.
/// </summary>
public sealed class CostEventOutbox
{
    private readonly object _gate = new();
    private readonly List<CloudEvent> _pending = [];
    private readonly List<string> _claimed = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly IEventPublisher _publisher;
    private readonly CostSpool _spool;
    private readonly MeteringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CostEventOutbox> _logger;

    // The front of _pending that came from claimed spool files: still on disk, so never spooled again.
    private int _fromSpool;

    public CostEventOutbox(IEventPublisher publisher, CostSpool spool, IOptions<MeteringOptions> options, TimeProvider time, ILogger<CostEventOutbox> logger)
    {
        _publisher = publisher;
        _spool = spool;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Events waiting in memory.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public CostSpool Spool => _spool;

    public void Add(IReadOnlyList<MeteredUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Count == 0)
        {
            return;
        }
        var now = _time.GetUtcNow();
        var events = usage.Select(u => u.ToEvent(now)).ToList();
        List<CloudEvent>? overflow = null;
        lock (_gate)
        {
            var room = Math.Max(0, _options.MaxPendingEvents - _pending.Count);
            _pending.AddRange(events.Take(room));
            if (events.Count > room)
            {
                overflow = events.GetRange(room, events.Count - room);
            }
        }
        if (overflow is not null)
        {
            _logger.LogWarning("{Count} cost events do not fit in memory ({Max} waiting); spooling them to {Directory}",
                overflow.Count, _options.MaxPendingEvents, _spool.Directory);
            _spool.Write(overflow);
        }
    }

    /// <summary>
    /// Sends what is waiting, then what is spooled, until both are empty (true) or a publish fails
    /// (false: the events stay and are sent on the next flush).
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                CloudEvent[] chunk;
                lock (_gate)
                {
                    chunk = _pending.Take(_options.PublishBatchSize).ToArray();
                }
                if (chunk.Length == 0)
                {
                    if (!ClaimSpooled())
                    {
                        return true;
                    }
                    continue;
                }
                try
                {
                    await _publisher.PublishAsync(KeelTopics.Costs, chunk, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Publishing {Count} cost events failed; they stay queued ({Pending} waiting)", chunk.Length, Pending);
                    return false;
                }
                lock (_gate)
                {
                    // Only Add touches the list meanwhile, and it appends: the front is still this chunk.
                    _pending.RemoveRange(0, chunk.Length);
                    _fromSpool = Math.Max(0, _fromSpool - chunk.Length);
                }
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends what it can; whatever is still unsent goes to the spool, so stopping loses nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var sent = false;
        try
        {
            sent = await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout ran out; spool instead.
        }
        if (!sent)
        {
            SpoolPending();
        }
    }

    /// <summary>Moves everything waiting in memory to the spool (what came from the spool is still there).</summary>
    public void SpoolPending()
    {
        List<CloudEvent> rest;
        string[] claimed;
        lock (_gate)
        {
            rest = _pending.GetRange(_fromSpool, _pending.Count - _fromSpool);
            _pending.Clear();
            _fromSpool = 0;
            claimed = [.. _claimed];
            _claimed.Clear();
        }
        // Claimed files still hold their events; given back, the next start sends them.
        foreach (var file in claimed)
        {
            _spool.Release(file);
        }
        if (rest.Count > 0)
        {
            _logger.LogWarning("Spooling {Count} unsent cost events to {Directory}", rest.Count, _spool.Directory);
            _spool.Write(rest);
        }
    }

    private bool ClaimSpooled()
    {
        // Memory is empty: everything read from claimed files is on the log.
        string[] sent;
        lock (_gate)
        {
            sent = [.. _claimed];
            _claimed.Clear();
        }
        foreach (var file in sent)
        {
            _spool.Delete(file);
        }
        if (!_spool.TryClaimOldest(out var claimed, out var events))
        {
            return false;
        }
        lock (_gate)
        {
            _pending.InsertRange(0, events);
            _fromSpool += events.Count;
            _claimed.Add(claimed);
        }
        return true;
    }
}
