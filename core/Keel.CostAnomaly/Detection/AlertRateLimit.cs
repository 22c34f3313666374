namespace Keel.CostAnomaly.Detection;

/// <summary>At most a fixed number of alerts in any sliding hour, across all series, so a platform-wide price change does not page a thousand times.</summary>
public sealed class AlertRateLimit(int perHour)
{
    private readonly Queue<DateTimeOffset> _sent = new();

    public long Suppressed { get; private set; }

    public bool TryTake(DateTimeOffset now)
    {
        while (_sent.Count > 0 && now - _sent.Peek() >= TimeSpan.FromHours(1))
        {
            _sent.Dequeue();
        }
        if (_sent.Count >= perHour)
        {
            Suppressed++;
            return false;
        }
        _sent.Enqueue(now);
        return true;
    }
}
