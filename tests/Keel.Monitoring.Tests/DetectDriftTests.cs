using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Keel.Events;

namespace Keel.Monitoring.Tests;

/// <summary>
/// DetectDrift end to end over the embedded Kafka cluster: predictions in, windows judged against the
/// version's reference profile, alerts out on keel.alerts, unreadable predictions to the dead-letter topic.
/// </summary>
public sealed class DetectDriftTests
{
    private const int WindowRows = 500;
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_unshifted_window_raises_nothing_and_a_shifted_one_names_the_shifted_features()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();

        var steady = CreditTraffic.Predictions(WindowRows, 1, Start, "steady", seed: 2);
        // Shadow scores of a challenger see the shifted population; they are not the served traffic.
        await bed.PublishAsync(CreditTraffic.Predictions(300, 1, Start, "shadow", seed: 3, shifted: true, shadow: true));
        await bed.PublishAsync(steady);
        // A redelivered stretch of the same predictions counts once: the next window still starts with the shift.
        await bed.PublishAsync(steady.Take(200));
        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, Start.AddMinutes(10), "shifted", seed: 4, shifted: true));

        Assert.Contains(bed.AlertsUntil(KeelEventTypes.DriftDetected, Wait), a => a.Type == KeelEventTypes.DriftDetected);
        var alerts = bed.AlertsAfter(TimeSpan.FromSeconds(3));

        var drift = Assert.Single(alerts);
        Assert.Equal(KeelEventTypes.DriftDetected, drift.Type);
        Assert.Equal(CreditTraffic.Model, drift.Subject);
        var data = (JsonElement)drift.Data!;
        Assert.True(data.GetProperty("dataset_drift").GetBoolean());
        Assert.Equal(1, data.GetProperty("version").GetInt32());
        Assert.Equal(1, data.GetProperty("reference_version").GetInt32());
        Assert.Equal(["applicant__age", "applicant__income"], data.GetProperty("drifted_features").EnumerateArray().Select(f => f.GetString()).Order());
        Assert.Equal(2.0 / 3, data.GetProperty("drift_share").GetDouble(), 6);
        var window = data.GetProperty("window");
        Assert.Equal(WindowRows, window.GetProperty("rows").GetInt32());
        Assert.Equal("full", window.GetProperty("closed_because").GetString());
        // Both windows filled inside the 10:00 hour; the window reports the hour it belongs to.
        Assert.Equal(Start, window.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(Start.AddHours(1), window.GetProperty("end").GetDateTimeOffset());
        var region = data.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("feature").GetString() == "applicant__region");
        Assert.False(region.GetProperty("drifted").GetBoolean());
        Assert.Equal("jensen_shannon", region.GetProperty("method").GetString());
        Assert.True(data.GetProperty("score_drift").GetBoolean());
    }

    [Fact]
    public async Task Two_windows_that_fill_up_within_one_hour_raise_two_alerts_with_their_own_ids()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();

        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, Start, "first", seed: 6, shifted: true));
        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, Start.AddMinutes(20), "second", seed: 7, shifted: true));

        Assert.Contains(bed.AlertsUntil(KeelEventTypes.DriftDetected, Wait), a => a.Type == KeelEventTypes.DriftDetected);
        var drift = bed.AlertsAfter(TimeSpan.FromSeconds(5)).Where(a => a.Type == KeelEventTypes.DriftDetected).ToList();

        Assert.Equal(2, drift.Count);
        Assert.Equal(2, drift.Select(a => a.Id).Distinct().Count());
        // Both windows belong to the 10:00 hour and hold the same number of predictions.
        Assert.All(drift, a => Assert.Equal(Start, ((JsonElement)a.Data!).GetProperty("window").GetProperty("start").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_window_whose_traffic_stopped_is_closed_and_judged_by_the_clock()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();
        var detector = bed.Services.GetRequiredService<Keel.Functions.Handlers.DetectDrift>();
        var ledger = bed.Services.GetRequiredService<DriftLedger>();
        var quiet = CreditTraffic.Predictions(300, 1, Start, "quiet", seed: 8, shifted: true);
        await bed.PublishAsync(quiet);
        var ids = quiet.Select(p => p.PredictionId).ToArray();
        var deadline = DateTime.UtcNow + Wait;
        while ((await ledger.FindProcessedAsync("DetectDrift", CreditTraffic.Tenant, ids, default)).Count < ids.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "DetectDrift did not count the predictions");
            await Task.Delay(100);
        }

        // 300 of 500 rows: the window waits. Within the hour (and the clock's grace) the clock leaves it open.
        Assert.Equal(0, await detector.CloseElapsedAsync(Start.AddMinutes(50), default));
        Assert.DoesNotContain(bed.AlertsAfter(TimeSpan.FromSeconds(2)), a => a.Type == KeelEventTypes.DriftDetected);
        // Past its end, the allowed lateness and the grace, the clock closes and judges it.
        Assert.Equal(1, await detector.CloseElapsedAsync(Start.AddHours(1).AddMinutes(10), default));

        var drift = Assert.Single(bed.AlertsUntil(KeelEventTypes.DriftDetected, Wait), a => a.Type == KeelEventTypes.DriftDetected);
        var window = ((JsonElement)drift.Data!).GetProperty("window");
        Assert.Equal(300, window.GetProperty("rows").GetInt32());
        Assert.Equal("elapsed", window.GetProperty("closed_because").GetString());
    }

    [Fact]
    public async Task Unseen_categories_values_out_of_range_and_a_missing_spike_are_data_quality_findings()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();

        await bed.PublishAsync(CreditTraffic.Predictions(WindowRows, 1, Start, "odd", seed: 5, alter: (i, features) =>
        {
            if (i % 10 == 0)
            {
                features["applicant__region"] = "atlantis";
            }
            if (i % 5 == 1)
            {
                features["applicant__income"] = null;
            }
            if (i % 50 == 2)
            {
                features["applicant__age"] = 130L;
            }
            return features;
        }));

        var alerts = bed.AlertsUntil(KeelEventTypes.DataQuality, Wait);

        var quality = Assert.Single(alerts, a => a.Type == KeelEventTypes.DataQuality);
        var findings = ((JsonElement)quality.Data!).GetProperty("findings").EnumerateArray()
            .ToDictionary(f => (f.GetProperty("feature").GetString(), f.GetProperty("kind").GetString()));
        Assert.Equal(["atlantis"], findings[("applicant__region", "unseen_categories")].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(50, findings[("applicant__region", "unseen_categories")].GetProperty("count").GetInt32());
        Assert.Equal(0.2, findings[("applicant__income", "missing_rate_rise")].GetProperty("share").GetDouble(), 6);
        // Ten ages of 130; 500 values fit within the sketch's fixed capacity (596 at k = 200), so nothing was compacted and the count is exact.
        var outOfRange = findings[("applicant__age", "out_of_range")];
        Assert.Equal(10, outOfRange.GetProperty("count").GetInt32());
        Assert.True(outOfRange.GetProperty("exact").GetBoolean());
        Assert.Equal(3, findings.Count);
    }

    [Fact]
    public async Task A_prediction_whose_values_do_not_fit_the_reference_goes_to_the_dead_letter_topic_with_the_reason()
    {
        await using var bed = await DriftBed.StartAsync(WindowRows);
        bed.StartDetectDrift();

        await bed.PublishAsync(CreditTraffic.Predictions(3, 1, Start, "typed", seed: 6, alter: (i, features) =>
        {
            if (i == 1)
            {
                features["applicant__age"] = "forty";
            }
            return features;
        }));

        var reason = Assert.Single(bed.DeadLetterReasons(expected: 1, Wait));
        Assert.Contains("applicant__age", reason);
        Assert.Contains("default/credit/1", reason);
    }
}
