namespace Keel.Kafka.Tests;

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

    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(timeout));
        Assert.True(finished == task, $"{what} did not finish within {timeout.TotalSeconds} s");
        return await task;
    }

    public static async Task Within(this Task task, TimeSpan timeout, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(timeout));
        Assert.True(finished == task, $"{what} did not finish within {timeout.TotalSeconds} s");
        await task;
    }
}
