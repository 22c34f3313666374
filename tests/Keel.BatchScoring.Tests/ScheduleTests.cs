using Keel.BatchScoring.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.BatchScoring.Tests;

/// <summary>When the configured jobs are scheduled, computed on a clock the test sets.</summary>
public sealed class ScheduleTests : IDisposable
{
    private static readonly DateTimeOffset Afternoon = Books.Day.AddHours(-9);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-batch-schedule-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task By_default_jobs_run_at_two_in_the_morning_utc_inside_the_off_peak_window()
    {
        var next = await NextRunAsync(Afternoon, new Dictionary<string, string?>());

        Assert.Equal(Books.Day.AddHours(2), next.Occurrence);
        Assert.Equal(next.Occurrence, next.Start);
        Assert.InRange(next.Start.Hour, 0, 5);
    }

    [Fact]
    public async Task The_configured_schedule_is_followed()
    {
        var settings = new Dictionary<string, string?> { ["Keel:BatchScoring:Schedule"] = "0 30 3 * * *" };

        Assert.Equal(Books.Day.AddHours(3.5), (await NextRunAsync(Afternoon, settings)).Start);
        // Just before today's occurrence it is today's; at it, the next day's.
        Assert.Equal(Books.Day.AddHours(3.5), (await NextRunAsync(Books.Day.AddHours(3.5).AddSeconds(-1), settings)).Start);
        Assert.Equal(Books.Day.AddDays(1).AddHours(3.5), (await NextRunAsync(Books.Day.AddHours(3.5), settings)).Start);
    }

    [Fact]
    public async Task With_a_deferral_window_and_a_price_book_the_run_starts_at_the_cheapest_hour_of_the_window()
    {
        var settings = Books.Settings(0.5m, 0.5m, 0.4m, 0.3m, 0.3m, 0.1m, 0.4m, 0.05m);
        settings["Keel:BatchScoring:DeferWithinHours"] = "4";

        var next = await NextRunAsync(Afternoon, settings);

        Assert.Equal(Books.Day.AddHours(2), next.Occurrence);
        Assert.Equal(Books.Day.AddHours(5), next.Start);
        Assert.True(next.Deferred);
    }

    [Fact]
    public async Task A_deferral_window_without_a_price_book_defers_nothing()
    {
        var next = await NextRunAsync(Afternoon, new Dictionary<string, string?> { ["Keel:BatchScoring:DeferWithinHours"] = "6" });

        Assert.False(next.Deferred);
        Assert.Equal(Books.Day.AddHours(2), next.Start);
    }

    [Theory]
    [InlineData("0 2 * * *", "six-field")]
    [InlineData("every night", "six-field")]
    public async Task A_schedule_that_is_not_six_field_ncrontab_is_refused_naming_the_setting(string schedule, string expected)
    {
        await using var services = TestHost.Compose(_dataDir, new Dictionary<string, string?> { ["Keel:BatchScoring:Schedule"] = schedule });

        var error = Assert.Throws<ArgumentException>(() => services.GetRequiredService<BatchSchedule>());
        Assert.Contains("Keel:BatchScoring:Schedule", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_run_a_tick_sees_waits_for_its_deferred_start_and_is_dropped_once_too_late()
    {
        var options = new BatchScoringOptions { DeferWithinHours = 4 };
        var schedule = new BatchSchedule(options, Books.Hourly(0.5m, 0.5m, 0.4m, 0.3m, 0.1m, 0.3m));
        var occurrence = Books.Day.AddHours(2);

        Assert.Null(schedule.Current(occurrence.AddMinutes(-5)));
        Assert.Equal(new ScheduledRun(occurrence, Books.Day.AddHours(4)), schedule.Current(occurrence));
        Assert.Equal(Books.Day.AddHours(4), schedule.Current(Books.Day.AddHours(4).AddMinutes(59))!.Start);
        // CatchUpWithin (an hour) after the start, the occurrence is no longer run.
        Assert.Null(schedule.Current(Books.Day.AddHours(5)));
    }

    private async Task<ScheduledRun> NextRunAsync(DateTimeOffset now, IReadOnlyDictionary<string, string?> settings)
    {
        var clock = new ManualClock(now);
        await using var services = TestHost.Compose(_dataDir, settings, s => s.AddSingleton<TimeProvider>(clock));
        return services.GetRequiredService<ScheduledBatchScoring>().NextRun()!;
    }
}
