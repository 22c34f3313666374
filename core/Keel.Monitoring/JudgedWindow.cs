using Keel.Drift.Profiles;
using Keel.Drift.Windows;

namespace Keel.Monitoring;

/// <summary>
/// A live window as drift monitoring judged it: the version, its time range and size, why it
/// closed, the verdicts, and the window's profile (so windows can be merged and judged again).
/// <see cref="End"/> is the window's end, or when it was judged for a window that had no times.
/// </summary>
public sealed record JudgedWindow(
    VersionKey Key,
    DateTimeOffset? Start,
    DateTimeOffset End,
    long Rows,
    WindowCloseReason Reason,
    bool DatasetDrift,
    double DriftShare,
    bool ScoreDrift,
    DatasetProfile Profile)
{
    public static JudgedWindow Of(WindowJudgement judgement, DateTimeOffset judgedAt)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        var window = judgement.Window;
        return new JudgedWindow(judgement.Key, window.Start, window.End ?? judgedAt, window.Rows, window.Reason,
            judgement.Drift.DatasetDrift, judgement.Drift.DriftShare, judgement.Drift.Score?.Drifted == true, window.Profile);
    }
}
