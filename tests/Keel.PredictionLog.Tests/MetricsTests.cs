using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Keel.PredictionLog.Tests;

/// <summary>The Keel.PredictionLog meter reports what the logger does (other tests run alongside, so counts are lower bounds).</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Queued_sent_spooled_and_failures_are_measured()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PredictionLogMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        await using var bed = LogTestBed.Start(deliveryTimeout: TimeSpan.FromSeconds(1));
        var logger = await bed.StartLoggerAsync();
        for (var i = 0; i < 50; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => logger.Status.Sent == 50, LogTestBed.Patience, () => $"{logger.Status}");
        bed.KafkaDown();
        for (var i = 50; i < 100; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => logger.Status.Failures > 0 && logger.Status.SpooledRecords == 50, LogTestBed.Patience, () => $"{logger.Status}");

        long Total(string name) => totals.GetValueOrDefault(name);
        Assert.True(Total("keel.prediction_log.queued") >= 100);
        Assert.True(Total("keel.prediction_log.sent") >= 50);
        Assert.True(Total("keel.prediction_log.spooled") >= 50);
        Assert.True(Total("keel.prediction_log.failures") >= 1);
        Assert.True(totals.ContainsKey("keel.prediction_log.spooled_bytes"));
        Assert.True(totals.ContainsKey("keel.prediction_log.queue_depth"));
    }
}
