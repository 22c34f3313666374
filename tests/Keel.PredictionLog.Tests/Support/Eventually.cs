namespace Keel.PredictionLog.Tests;

/// <summary>Waits for a condition with a deadline; the deadline is a failure, not a measurement.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {timeout.TotalSeconds} s: {describe()}");
            }
            await Task.Delay(20);
        }
    }
}
