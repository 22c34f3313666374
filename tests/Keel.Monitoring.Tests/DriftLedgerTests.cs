using Keel.Storage;

namespace Keel.Monitoring.Tests;

/// <summary>The drift ledger forgets prediction ids older than its retention and keeps the rest.</summary>
public sealed class DriftLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-drift-ledger-").FullName;

    [Fact]
    public async Task Pruning_forgets_ids_marked_before_the_cut_and_keeps_later_ones()
    {
        var ledger = new DriftLedger(new StorageOptions { DataDir = _dir });
        await ledger.MarkProcessedAsync("DetectDrift", "acme", ["old-1", "old-2"], default);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await ledger.MarkProcessedAsync("DetectDrift", "acme", ["new-1"], default);

        Assert.Equal(0, await ledger.PruneAsync(cut.AddHours(-1), default));
        Assert.Equal(2, await ledger.PruneAsync(cut, default));

        var left = await ledger.FindProcessedAsync("DetectDrift", "acme", ["old-1", "old-2", "new-1"], default);
        Assert.Equal(["new-1"], left);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
