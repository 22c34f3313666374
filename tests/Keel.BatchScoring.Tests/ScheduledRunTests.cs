using Keel.BatchScoring.Scheduling;
using Keel.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.BatchScoring.Tests;

/// <summary>Timer ticks run the configured jobs at their (deferred) start, once per occurrence.</summary>
[Collection(ScoringCollection.Name)]
public sealed class ScheduledRunTests(ScoringBed bed)
{
    [Fact]
    public async Task A_deferred_run_waits_for_the_cheapest_hour_then_runs_each_job_once()
    {
        bed.WriteCsv("inputs/nightly.csv", 60);
        var job = "nightly-" + Guid.NewGuid().ToString("N")[..8];
        // 02:00 is scheduled; 04:00 is the cheapest hour within four hours of it.
        var settings = Books.Settings(0.5m, 0.5m, 0.4m, 0.3m, 0.1m, 0.3m);
        settings["Keel:BatchScoring:DeferWithinHours"] = "4";
        settings["Keel:BatchScoring:Jobs:0:Name"] = job;
        settings["Keel:BatchScoring:Jobs:0:Model"] = ScoringBed.Model;
        settings["Keel:BatchScoring:Jobs:0:Dataset"] = "inputs/nightly.csv";
        settings["Keel:BatchScoring:Jobs:1:Name"] = job + "-entities";
        settings["Keel:BatchScoring:Jobs:1:Model"] = ScoringBed.Model;
        settings["Keel:BatchScoring:Jobs:1:Entities:0"] = "7";
        settings["Keel:BatchScoring:Jobs:1:Entities:1"] = "8";
        var clock = new ManualClock(Books.Day.AddHours(1));
        await using var services = bed.Compose(settings, s => s.AddSingleton<TimeProvider>(clock));
        var scheduled = services.GetRequiredService<ScheduledBatchScoring>();

        Assert.Equal(new ScheduledRun(Books.Day.AddHours(2), Books.Day.AddHours(4)), scheduled.NextRun());
        foreach (var tick in new[] { 1.0, 2.0, 3.0, 3.95 })
        {
            clock.Now = Books.Day.AddHours(tick);
            Assert.Empty(await scheduled.RunDueAsync(CancellationToken.None));
        }

        clock.Now = Books.Day.AddHours(4);
        var results = await scheduled.RunDueAsync(CancellationToken.None);

        Assert.Equal([(job, 60L), (job + "-entities", 2L)], results.Select(r => (r.Job, r.Rows)));
        Assert.All(results, r => Assert.Equal(RunStatus.Finished, r.Status));
        var run = await services.GetRequiredService<ITrackingStore>().GetRunAsync(ScoringBed.Tenant, results[0].RunId, CancellationToken.None);
        Assert.Equal(BatchTrigger.ScheduleKind, run.Tags["trigger"]);
        Assert.Equal("2025-03-02T02:00:00Z", run.Tags["occurrence"]);
        Assert.Equal(BatchTrigger.Scheduler, run.CreatedBy);

        // Later ticks of the same occurrence find its runs and start nothing.
        foreach (var minutes in new[] { 0, 5, 55 })
        {
            clock.Now = Books.Day.AddHours(4).AddMinutes(minutes);
            Assert.Empty(await scheduled.RunDueAsync(CancellationToken.None));
        }
        // The next night every hour costs the same, so it runs when scheduled.
        Assert.Equal(new ScheduledRun(Books.Day.AddHours(26), Books.Day.AddHours(26)), scheduled.NextRun());
    }

    [Fact]
    public async Task Without_jobs_a_tick_does_nothing()
    {
        var clock = new ManualClock(Books.Day.AddHours(2));
        await using var services = bed.Compose(null, s => s.AddSingleton<TimeProvider>(clock));

        Assert.Empty(await services.GetRequiredService<ScheduledBatchScoring>().RunDueAsync(CancellationToken.None));
    }
}
