using Keel.Drift.Windows;
using Keel.Monitoring;
using Microsoft.Data.Sqlite;

namespace Keel.Reports.Tests;

/// <summary>The SQLite history of judged windows: retention, tenants, redelivery.</summary>
public sealed class DriftHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = ReportBed.Now;
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-drift-history-").FullName;
    private readonly FixedClock _clock = new(Now);

    private DriftHistory History(TimeSpan? retention = null) =>
        new(Path.Combine(_directory, "monitoring", "drift-history.db"), new DriftHistoryOptions { Retention = retention ?? TimeSpan.FromDays(90) }, _clock);

    private static JudgedWindow Window(string tenant, int version, DateTimeOffset end, int rows = 150, bool drifted = false)
    {
        var profile = Applicants.Profile(Applicants.Rows(rows, seed: rows, shifted: drifted));
        return new JudgedWindow(new VersionKey(tenant, "credit", version), end.AddHours(-1), end, rows, WindowCloseReason.Elapsed, drifted, drifted ? 2 / 3.0 : 0, drifted, profile);
    }

    [Fact]
    public async Task Recording_deletes_the_windows_that_ended_before_the_retention()
    {
        var history = History(TimeSpan.FromDays(7));
        await history.RecordAsync([Window("acme", 1, Now.AddDays(-8)), Window("globex", 1, Now.AddDays(-8)), Window("acme", 1, Now.AddDays(-6), rows: 120)], default);

        var kept = history.EndedSince(new VersionKey("acme", "credit", 1), DateTimeOffset.MinValue, 100).ToList();
        Assert.Equal(Now.AddDays(-6), Assert.Single(kept).End);
        Assert.Null(await history.LatestVersionAsync("globex", "credit", default));

        _clock.Now = Now.AddDays(2);
        await history.RecordAsync([Window("acme", 1, Now.AddDays(1), rows: 130)], default);

        var later = history.EndedSince(new VersionKey("acme", "credit", 1), DateTimeOffset.MinValue, 100);
        Assert.Equal([130L], later.Select(w => w.Rows));
    }

    [Fact]
    public async Task Every_read_is_of_one_tenant()
    {
        var history = History();
        await history.RecordAsync([Window("acme", 1, Now.AddHours(-2), rows: 110), Window("acme", 2, Now.AddHours(-1), rows: 120), Window("globex", 3, Now.AddHours(-1), rows: 130, drifted: true)], default);

        Assert.Equal(2, await history.LatestVersionAsync("acme", "credit", default));
        Assert.Equal(3, await history.LatestVersionAsync("globex", "credit", default));
        Assert.Null(await history.LatestVersionAsync("initech", "credit", default));
        Assert.Null(await history.LatestAsync(new VersionKey("acme", "credit", 3), default));
        Assert.Null(await history.LatestAsync(new VersionKey("globex", "credit", 1), default));
        var globex = await history.LatestAsync(new VersionKey("globex", "credit", 3), default);
        Assert.NotNull(globex);
        Assert.Equal(130, globex.Rows);
        Assert.Equal(130, globex.Profile.Rows);
        Assert.True(globex.DatasetDrift);
        Assert.Empty(history.EndedSince(new VersionKey("initech", "credit", 1), DateTimeOffset.MinValue, 100));
        Assert.Equal(0, await history.CountEndedSinceAsync(new VersionKey("initech", "credit", 1), DateTimeOffset.MinValue, default));
        Assert.Equal(1, await history.CountEndedSinceAsync(new VersionKey("acme", "credit", 2), DateTimeOffset.MinValue, default));
    }

    [Fact]
    public async Task A_window_recorded_again_is_kept_once_and_reads_are_bounded_to_the_newest()
    {
        var history = History();
        var windows = Enumerable.Range(1, 5).Select(i => Window("acme", 1, Now.AddHours(-i), rows: 100 + i)).ToArray();
        await history.RecordAsync(windows, default);
        await history.RecordAsync([windows[0], windows[1]], default);

        var key = new VersionKey("acme", "credit", 1);

        Assert.Equal(4, await history.CountEndedSinceAsync(key, Now.AddHours(-4), default));
        Assert.Equal([Now.AddHours(-1), Now.AddHours(-2)], history.EndedSince(key, Now.AddHours(-4), 2).Select(w => w.End));
        Assert.Equal(101, (await history.LatestAsync(new VersionKey("acme", "credit", 1), default))!.Rows);
    }

    [Fact]
    public async Task Windows_that_filled_up_in_one_time_slot_are_kept_apart()
    {
        var history = History();
        var first = Window("acme", 1, Now.AddHours(-1), rows: 150);
        var second = first with { Profile = Applicants.Profile(Applicants.Rows(150, seed: 99, shifted: true)), Reason = WindowCloseReason.Full };
        await history.RecordAsync([first with { Reason = WindowCloseReason.Full }, second], default);

        Assert.Equal(2, await history.CountEndedSinceAsync(new VersionKey("acme", "credit", 1), DateTimeOffset.MinValue, default));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
