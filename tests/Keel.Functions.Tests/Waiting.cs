namespace Keel.Functions.Tests;

/// <summary>Polls a condition until it holds or a deadline passes; asynchronous work is awaited, never slept past.</summary>
internal static class Waiting
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what ?? "the condition"}; last value: {value}");
            }
            await Task.Delay(100);
        }
    }
}
