using Keel.Drift.Profiles;
using Keel.Drift.Windows;

namespace Keel.Drift.Tests.Windows;

public class TumblingWindowsTests
{
    private static readonly ProfileSchema Schema = new(new Dictionary<string, FeatureKind> { ["x"] = FeatureKind.Numeric });
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_time_window_closes_when_event_time_passes_its_end_and_later_rows_for_it_are_dropped()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { Duration = TimeSpan.FromMinutes(1) });

        Assert.Empty(windows.Add(Row(1), T0.AddSeconds(10)));
        Assert.Empty(windows.Add(Row(2), T0.AddSeconds(50)));
        var closed = Assert.Single(windows.Add(Row(3), T0.AddSeconds(65)));
        Assert.Empty(windows.Add(Row(4), T0.AddSeconds(30)));

        Assert.Equal(T0, closed.Start);
        Assert.Equal(T0.AddMinutes(1), closed.End);
        Assert.Equal(WindowCloseReason.Elapsed, closed.Reason);
        Assert.Equal(2, closed.Rows);
        Assert.Equal(1.5, ((NumericProfile)closed.Profile["x"]).Mean);
        Assert.Equal(1, windows.LateRows);
        Assert.Equal(1, windows.OpenWindows);
    }

    [Fact]
    public void Allowed_lateness_keeps_a_window_open_for_late_rows()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { Duration = TimeSpan.FromMinutes(1), AllowedLateness = TimeSpan.FromSeconds(30) });

        windows.Add(Row(1), T0.AddSeconds(10));
        Assert.Empty(windows.Add(Row(2), T0.AddSeconds(65)));
        Assert.Empty(windows.Add(Row(3), T0.AddSeconds(30)));
        var closed = Assert.Single(windows.Add(Row(4), T0.AddSeconds(91)));

        Assert.Equal(2, closed.Rows);
        Assert.Equal(0, windows.LateRows);
    }

    [Fact]
    public void Count_windows_close_every_n_rows_and_flush_hands_out_the_rest()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { MaxRows = 3 });
        var closed = new List<ClosedWindow>();

        for (var i = 0; i < 7; i++)
        {
            closed.AddRange(windows.Add(Row(i)));
        }
        closed.AddRange(windows.Flush());

        Assert.Equal([3L, 3, 1], closed.Select(w => w.Rows));
        Assert.Equal([WindowCloseReason.Full, WindowCloseReason.Full, WindowCloseReason.Flushed], closed.Select(w => w.Reason));
        Assert.Equal(4.0, ((NumericProfile)closed[1].Profile["x"]).Mean);
        Assert.Equal(0, windows.OpenWindows);
    }

    [Fact]
    public void A_time_window_that_fills_up_closes_early_and_its_slot_continues_in_a_new_window()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { Duration = TimeSpan.FromMinutes(1), MaxRows = 2 });

        windows.Add(Row(1), T0.AddSeconds(1));
        var full = Assert.Single(windows.Add(Row(2), T0.AddSeconds(2)));
        windows.Add(Row(3), T0.AddSeconds(3));
        var elapsed = Assert.Single(windows.AdvanceTo(T0.AddMinutes(1)));

        Assert.Equal((WindowCloseReason.Full, 2L, T0), (full.Reason, full.Rows, full.Start!.Value));
        Assert.Equal((WindowCloseReason.Elapsed, 1L, T0), (elapsed.Reason, elapsed.Rows, elapsed.Start!.Value));
    }

    [Fact]
    public void Open_windows_stay_bounded_however_scattered_the_event_times()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { Duration = TimeSpan.FromMinutes(1), AllowedLateness = TimeSpan.FromHours(1), MaxOpenWindows = 3 });
        var random = new Random(9);
        var evicted = 0;

        for (var i = 0; i < 10_000; i++)
        {
            evicted += windows.Add(Row(i), T0.AddSeconds(random.Next(3600))).Count(w => w.Reason == WindowCloseReason.Evicted);
            Assert.True(windows.OpenWindows <= 3);
        }

        Assert.True(evicted > 0);
    }

    [Fact]
    public void A_row_that_cannot_be_read_throws_and_closes_nothing()
    {
        var windows = new TumblingWindows(Schema, new WindowOptions { Duration = TimeSpan.FromMinutes(1), AllowedLateness = TimeSpan.FromHours(1), MaxOpenWindows = 1 });
        windows.Add(Row(1), T0);

        Assert.Throws<FormatException>(() => windows.Add(new Dictionary<string, object?> { ["x"] = "not a number" }, T0.AddMinutes(5)));

        var open = Assert.Single(windows.Flush());
        Assert.Equal((T0, 1L), (open.Start!.Value, open.Rows));
    }

    [Fact]
    public void Options_without_a_duration_or_a_count_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new TumblingWindows(Schema, new WindowOptions()));

    private static Dictionary<string, object?> Row(double x) => new() { ["x"] = x };
}
