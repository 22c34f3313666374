namespace Keel.Drift.Windows;

public enum WindowCloseReason
{
    /// <summary>Event time passed the window's end (plus the allowed lateness).</summary>
    Elapsed,

    /// <summary>The window reached its row count.</summary>
    Full,

    /// <summary>Too many windows were open and this was the oldest.</summary>
    Evicted,

    /// <summary>The caller flushed the open windows (at shutdown, say).</summary>
    Flushed,
}
