namespace Keel.Serving.Deployments.Tests;

internal static class Eventually
{
    /// <summary>Waits for background work (shadow calls) to reach a state; fails with the message if it does not within the limit.</summary>
    public static async Task HoldsAsync(Func<bool> condition, Func<string> describe, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {seconds} s: {describe()}");
            }
            await Task.Delay(10);
        }
    }
}
