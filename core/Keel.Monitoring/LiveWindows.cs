using Keel.Drift.Profiles;
using Keel.Drift.Windows;

namespace Keel.Monitoring;

/// <summary>
/// The open live windows of every followed version, in bounded memory: each version has at most
/// <see cref="DriftMonitorOptions.MaxOpenWindows"/> windows, and at most
/// <see cref="DriftMonitorOptions.MaxTrackedVersions"/> versions are followed; making room closes out
/// the version quiet longest, whose windows are handed back to be judged rather than dropped.
/// Not thread-safe: its one caller serialises access.
/// </summary>
public sealed class LiveWindows(DriftMonitorOptions options)
{
    private readonly Dictionary<VersionKey, Tracked> _tracked = [];
    private long _clock;

    public int TrackedVersions => _tracked.Count;

    /// <summary>The versions with open windows.</summary>
    public IReadOnlyCollection<VersionKey> Versions => _tracked.Keys;

    /// <summary>Predictions that came after their window had closed.</summary>
    public long LateRows => _tracked.Values.Sum(t => t.Windows.LateRows);

    /// <summary>Adds a sample to its version's windows (made with <paramref name="schema"/> on first use); returns the windows that closed.</summary>
    public IReadOnlyList<(VersionKey Key, ClosedWindow Window)> Add(VersionKey key, ProfileSchema schema, IReadOnlyDictionary<string, object?> row, DateTimeOffset time)
    {
        var closed = new List<(VersionKey, ClosedWindow)>();
        if (_tracked.TryGetValue(key, out var tracked))
        {
            closed.AddRange(tracked.Windows.Add(row, time).Select(w => (key, w)));
            tracked.LastUsed = ++_clock;
            return closed;
        }
        tracked = new Tracked(new TumblingWindows(schema, new WindowOptions
        {
            Duration = options.WindowDuration,
            MaxRows = options.WindowRows,
            AllowedLateness = options.AllowedLateness,
            MaxOpenWindows = options.MaxOpenWindows,
        }));
        // The row goes in before any version is closed out, so a row that throws changes nothing.
        closed.AddRange(tracked.Windows.Add(row, time).Select(w => (key, w)));
        if (_tracked.Count >= options.MaxTrackedVersions)
        {
            var quietest = _tracked.MinBy(t => t.Value.LastUsed);
            _tracked.Remove(quietest.Key);
            closed.AddRange(quietest.Value.Windows.Flush().Select(w => (quietest.Key, w)));
        }
        tracked.LastUsed = ++_clock;
        _tracked[key] = tracked;
        return closed;
    }

    /// <summary>
    /// Moves every followed version's event time to <paramref name="now"/> (from a clock, when traffic
    /// pauses) and returns the time windows that ended, so a version whose traffic stopped still has
    /// its last window judged.
    /// </summary>
    public IReadOnlyList<(VersionKey Key, ClosedWindow Window)> AdvanceTo(DateTimeOffset now) =>
        _tracked.SelectMany(t => t.Value.Windows.AdvanceTo(now).Select(w => (t.Key, w))).ToList();

    /// <summary>Closes every open window, as at shutdown.</summary>
    public IReadOnlyList<(VersionKey Key, ClosedWindow Window)> Flush()
    {
        var closed = _tracked.SelectMany(t => t.Value.Windows.Flush().Select(w => (t.Key, w))).ToList();
        _tracked.Clear();
        return closed;
    }

    private sealed class Tracked(TumblingWindows windows)
    {
        public TumblingWindows Windows { get; } = windows;

        public long LastUsed { get; set; }
    }
}
