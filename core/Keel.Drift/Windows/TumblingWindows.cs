using Keel.Drift.Profiles;

namespace Keel.Drift.Windows;

/// <summary>
/// Routes rows into tumbling windows by event time and/or count and hands out each window's profile
/// when it closes. Only open windows are kept, at most <see cref="WindowOptions.MaxOpenWindows"/>,
/// each a bounded profile, so memory does not grow with traffic. A row whose time window has
/// already closed is dropped and counted in <see cref="LateRows"/>. Not thread-safe: one consumer feeds it.
/// </summary>
public sealed class TumblingWindows
{
    private readonly ProfileSchema _schema;
    private readonly ProfileOptions? _profileOptions;
    private readonly WindowOptions _options;
    private readonly SortedDictionary<long, OpenWindow> _open = [];
    private OpenWindow? _countWindow;
    private long _latestTicks = long.MinValue;

    public TumblingWindows(ProfileSchema schema, WindowOptions options, ProfileOptions? profileOptions = null)
    {
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _profileOptions = profileOptions;
    }

    public int OpenWindows => _options.Duration is null ? (_countWindow is null ? 0 : 1) : _open.Count;

    public long LateRows { get; private set; }

    /// <summary>Time windows ending at or before this have closed; null before the first timed row.</summary>
    public DateTimeOffset? Watermark => _latestTicks == long.MinValue
        ? null
        : new DateTimeOffset(Math.Max(_latestTicks - _options.AllowedLateness.Ticks, 0), TimeSpan.Zero);

    /// <summary>Adds a row to a count-only window stream.</summary>
    public IReadOnlyList<ClosedWindow> Add(IReadOnlyDictionary<string, object?> row)
    {
        if (_options.Duration is not null)
        {
            throw new InvalidOperationException("time windows need the row's event time");
        }
        return AddToCountWindow(row, null);
    }

    public IReadOnlyList<ClosedWindow> Add(IReadOnlyDictionary<string, object?> row, DateTimeOffset eventTime)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_options.Duration is not { } duration)
        {
            return AddToCountWindow(row, eventTime);
        }

        var closed = new List<ClosedWindow>();
        var ticks = eventTime.UtcTicks;
        var slot = SlotStart(ticks, duration.Ticks);
        if (Watermark is { } watermark && slot + duration.Ticks <= watermark.UtcTicks)
        {
            LateRows++;
            return closed;
        }
        if (_open.TryGetValue(slot, out var window))
        {
            window.Add(row, eventTime);
        }
        else
        {
            window = new OpenWindow(_schema, _profileOptions, new DateTimeOffset(slot, TimeSpan.Zero), new DateTimeOffset(slot + duration.Ticks, TimeSpan.Zero));
            // The row goes in before anything is evicted, so a row that throws changes nothing.
            window.Add(row, eventTime);
            if (_open.Count == _options.MaxOpenWindows)
            {
                var oldest = _open.First();
                _open.Remove(oldest.Key);
                closed.Add(oldest.Value.Close(WindowCloseReason.Evicted));
            }
            _open.Add(slot, window);
        }
        if (window.Rows == _options.MaxRows)
        {
            _open.Remove(slot);
            closed.Add(window.Close(WindowCloseReason.Full));
        }
        _latestTicks = Math.Max(_latestTicks, ticks);
        CloseElapsed(closed);
        return closed;
    }

    /// <summary>
    /// Moves event time forward without a row (from a clock, when traffic pauses) and closes the
    /// windows that ended; has no effect on count-only windows.
    /// </summary>
    public IReadOnlyList<ClosedWindow> AdvanceTo(DateTimeOffset time)
    {
        var closed = new List<ClosedWindow>();
        if (_options.Duration is not null)
        {
            _latestTicks = Math.Max(_latestTicks, time.UtcTicks);
            CloseElapsed(closed);
        }
        return closed;
    }

    /// <summary>Closes every open window, oldest first, however few rows it has.</summary>
    public IReadOnlyList<ClosedWindow> Flush()
    {
        var closed = _open.Values.Select(w => w.Close(WindowCloseReason.Flushed)).ToList();
        _open.Clear();
        if (_countWindow is { } window)
        {
            closed.Add(window.Close(WindowCloseReason.Flushed));
            _countWindow = null;
        }
        return closed;
    }

    private List<ClosedWindow> AddToCountWindow(IReadOnlyDictionary<string, object?> row, DateTimeOffset? eventTime)
    {
        ArgumentNullException.ThrowIfNull(row);
        var window = _countWindow ?? new OpenWindow(_schema, _profileOptions, null, null);
        window.Add(row, eventTime);
        _countWindow = window;
        var closed = new List<ClosedWindow>();
        if (window.Rows == _options.MaxRows)
        {
            closed.Add(window.Close(WindowCloseReason.Full));
            _countWindow = null;
        }
        return closed;
    }

    private void CloseElapsed(List<ClosedWindow> closed)
    {
        if (Watermark is not { } watermark)
        {
            return;
        }
        while (_open.Count > 0 && _open.First().Value.End <= watermark)
        {
            var first = _open.First();
            _open.Remove(first.Key);
            closed.Add(first.Value.Close(WindowCloseReason.Elapsed));
        }
    }

    private static long SlotStart(long ticks, long duration)
    {
        // Slots are aligned to the Unix epoch, so an hourly window starts on the hour for every process.
        // Integer floor division: ticks since 1970 exceed a double's 53-bit mantissa.
        var sinceEpoch = ticks - DateTimeOffset.UnixEpoch.UtcTicks;
        var slots = sinceEpoch / duration;
        if (sinceEpoch % duration < 0)
        {
            slots--;
        }
        return DateTimeOffset.UnixEpoch.UtcTicks + slots * duration;
    }

    private sealed class OpenWindow(ProfileSchema schema, ProfileOptions? options, DateTimeOffset? start, DateTimeOffset? end)
    {
        private readonly ProfileBuilder _builder = new(schema, options);
        private DateTimeOffset? _first;
        private DateTimeOffset? _last;

        public DateTimeOffset? End => end;

        public long Rows => _builder.Profile.Rows;

        public void Add(IReadOnlyDictionary<string, object?> row, DateTimeOffset? eventTime)
        {
            _builder.Add(row);
            if (eventTime is { } t)
            {
                _first = _first is { } f && f <= t ? f : t;
                _last = _last is { } l && l >= t ? l : t;
            }
        }

        public ClosedWindow Close(WindowCloseReason reason) =>
            new(start ?? _first, end ?? _last, Rows, _builder.Profile, reason);
    }
}
