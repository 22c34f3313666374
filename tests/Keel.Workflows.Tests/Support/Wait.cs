namespace Keel.Workflows.Tests.Support;

public static class Wait
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after 15 s.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Bounds a wait for completion so a hung runtime fails the test instead of the run.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Limit);
}
