using Keel.Metering;

namespace Keel.Functions.Handlers;

/// <summary>
/// On its schedule (hourly): charges the bytes held now for the hour that just ended. Metering the
/// same hour again (a retried or doubled timer) yields the same event ids, which the ledger drops;
/// an hour the timer missed is not charged.
/// </summary>
public sealed class MeterStorage(StorageMeter meter, TimeProvider time)
{
    /// <summary>At the top of every hour (NCRONTAB, seconds first).</summary>
    public const string Schedule = "0 0 * * * *";

    /// <returns>The usage records sent (or queued while the event log is unreachable).</returns>
    public async Task<int> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var usage = await meter.MeterAsync(to.AddHours(-1), to, cancellationToken);
        return usage.Count;
    }
}
