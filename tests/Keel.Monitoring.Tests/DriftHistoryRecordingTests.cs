using Keel.Drift.Windows;
using Keel.Reports;
using Keel.Reports.Drift;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Monitoring.Tests;

/// <summary>DetectDrift keeps every window it judges, alerted or not, and the drift report reads them back.</summary>
public sealed class DriftHistoryRecordingTests
{
    private const int WindowRows = 500;

    [Fact]
    public async Task Every_judged_window_is_recorded_with_its_verdict_and_profile_and_reported_merged()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();
        // Inside the history's retention, which counts back from the wall clock.
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);

        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, start, "steady", seed: 2));
        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, start.AddMinutes(20), "shifted", seed: 4, shifted: true));

        var history = bed.Services.GetRequiredService<DriftHistory>();
        var key = new VersionKey(CreditTraffic.Tenant, CreditTraffic.Model, 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<JudgedWindow> windows;
        while ((windows = history.EndedSince(key, DateTimeOffset.MinValue, 10).ToList()).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, windows.Count);
        Assert.All(windows, w => Assert.Equal(WindowRows, w.Rows));
        Assert.All(windows, w => Assert.Equal(WindowCloseReason.Full, w.Reason));
        Assert.All(windows, w => Assert.Equal(WindowRows, w.Profile.Rows));
        Assert.Equal([false, true], windows.Select(w => w.DatasetDrift).Order());
        Assert.Equal(2.0 / 3, windows.Max(w => w.DriftShare), 6);

        Assert.True(ReportWindow.TryParse("1d", ReportWindow.Latest, out var day, out _));
        var report = await bed.Services.GetRequiredService<DriftReports>().BuildAsync(CreditTraffic.Tenant, CreditTraffic.Model, null, day, default);
        Assert.Equal(2 * WindowRows, report.LiveRows);
        Assert.Equal(2, report.Window.Merged);
    }
}
