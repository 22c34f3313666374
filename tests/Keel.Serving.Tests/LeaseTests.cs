using Keel.Serving.Protocol;

namespace Keel.Serving.Tests;

/// <summary>A version unloaded while a request holds a lease on it serves that request, and goes only when the lease is released.</summary>
public sealed class LeaseTests
{
    [Fact]
    public async Task An_unloaded_version_lives_until_its_last_lease_is_released()
    {
        await using var server = await ServingServer.StartAsync();
        var host = server.Host;
        await host.LoadAsync("default", Loans.Model, 2, makeCurrent: false, CancellationToken.None);
        var rows = new[] { (IReadOnlyDictionary<string, object?>)Loans.Row(Loans.Set(3, seed: 51), 1) };

        var lease = host.Acquire("default", Loans.Model, 2);
        Assert.True(await host.UnloadAsync("default", Loans.Model, 2, CancellationToken.None));

        Assert.Null(host.Find("default", Loans.Model, 2));
        Assert.Throws<ModelNotFoundException>(() => host.Acquire("default", Loans.Model, 2));
        var scored = await host.ScoreAsync(lease, rows, Loans.Start, CancellationToken.None);
        Assert.Equal(2, scored.Version);
        Assert.False(lease.Instance.Drained.IsCompleted);

        lease.Dispose();
        await lease.Instance.Drained.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_current_version_cannot_be_unloaded()
    {
        await using var server = await ServingServer.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.Host.UnloadAsync("default", Loans.Model, 1, CancellationToken.None));
    }
}
