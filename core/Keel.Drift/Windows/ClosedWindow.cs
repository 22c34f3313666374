using Keel.Drift.Profiles;

namespace Keel.Drift.Windows;

/// <summary>
/// A window handed out when it closes. For time windows Start and End are the time slot [Start, End);
/// for count-only windows they are the first and last event times seen, or null when rows came without times.
/// </summary>
public sealed record ClosedWindow(DateTimeOffset? Start, DateTimeOffset? End, long Rows, DatasetProfile Profile, WindowCloseReason Reason);
