namespace Keel.Kafka;

/// <summary>
/// Exponential backoff with jitter: retry n waits about <c>initial · 2^(n-1)</c>, capped, of which
/// half is fixed and half random, so consumers that failed together do not retry in lockstep.
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int retry, TimeSpan initial, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jittered = ceiling / 2 + (random ?? Random.Shared).NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(jittered);
    }
}
