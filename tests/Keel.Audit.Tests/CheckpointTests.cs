namespace Keel.Audit.Tests;

/// <summary>Signed checkpoints: every N entries and on demand.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly AuditBed _bed = new(checkpointEvery: 5);

    [Fact]
    public async Task A_checkpoint_is_signed_every_n_entries_over_that_entry_s_hash()
    {
        var entries = await _bed.AppendAsync(12);

        var checkpoints = await _bed.Log.ReadCheckpointsAsync(1, long.MaxValue, default).ToListAsync();

        Assert.Equal([5L, 10], checkpoints.Select(c => c.Sequence));
        Assert.Equal([entries[4].Hash, entries[9].Hash], checkpoints.Select(c => c.EntryHash));
        using var trust = _bed.TrustOwnKey();
        Assert.All(checkpoints, c =>
        {
            Assert.Equal(_bed.Key.KeyId, c.KeyId);
            Assert.Null(trust.Check(c));
        });
        Assert.Equal([new AuditPublicKey(_bed.Key.KeyId, _bed.Key.PublicKeyPem)], await _bed.Log.PublicKeysAsync(default));
    }

    [Fact]
    public async Task A_checkpoint_on_demand_signs_the_newest_entry_once()
    {
        var entries = await _bed.AppendAsync(7);

        var first = await _bed.Log.CheckpointAsync(null, default);
        var again = await _bed.Log.CheckpointAsync(null, default);

        Assert.NotNull(first);
        Assert.Equal(7, first.Sequence);
        Assert.Equal(entries[6].Hash, first.EntryHash);
        Assert.Equal(first, again);
        Assert.Equal(7, (await _bed.VerifyAsync()).AuthenticatedThrough);
    }

    [Fact]
    public async Task There_is_no_checkpoint_of_an_entry_that_does_not_exist()
    {
        Assert.Null(await _bed.Log.CheckpointAsync(null, default));
        await _bed.AppendAsync(2);
        Assert.Null(await _bed.Log.CheckpointAsync(3, default));
    }

    [Fact]
    public async Task With_periodic_checkpoints_off_only_demands_sign()
    {
        using var bed = new AuditBed(checkpointEvery: 0);
        await bed.AppendAsync(12);
        Assert.Empty(await bed.Log.ReadCheckpointsAsync(1, long.MaxValue, default).ToListAsync());

        await bed.Log.CheckpointAsync(4, default);

        Assert.Equal([4L], (await bed.Log.ReadCheckpointsAsync(1, long.MaxValue, default).ToListAsync()).Select(c => c.Sequence));
    }

    [Fact]
    public async Task A_checkpoint_signature_covers_every_signed_field()
    {
        await _bed.AppendAsync(5);
        var checkpoint = (await _bed.Log.ReadCheckpointsAsync(5, 5, default).SingleAsync())!;
        using var trust = _bed.TrustOwnKey();

        Assert.Null(trust.Check(checkpoint));
        Assert.NotNull(trust.Check(checkpoint with { Sequence = 4 }));
        Assert.NotNull(trust.Check(checkpoint with { EntryHash = AuditHash.Genesis }));
        Assert.NotNull(trust.Check(checkpoint with { Time = checkpoint.Time.AddMilliseconds(1) }));
        Assert.NotNull(trust.Check(checkpoint with { Signature = Convert.ToBase64String(new byte[64]) }));
        Assert.NotNull(trust.Check(checkpoint with { Signature = "not base64" }));
    }

    public void Dispose() => _bed.Dispose();
}
