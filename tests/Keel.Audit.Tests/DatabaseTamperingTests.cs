using System.Security.Cryptography;

namespace Keel.Audit.Tests;

/// <summary>
/// Tampering with the SQLite rows directly, as someone with write access to the file: every case is
/// caught at the right sequence number. Twelve entries, checkpoints signed at 5 and 10.
/// </summary>
public sealed class DatabaseTamperingTests : IAsyncLifetime
{
    private readonly AuditBed _bed = new(checkpointEvery: 5);
    private List<AuditEntry> _entries = [];

    public async Task InitializeAsync() => _entries = await _bed.AppendAsync(12);

    [Fact]
    public async Task An_untouched_log_verifies()
    {
        var verification = await _bed.VerifyAsync();

        Assert.True(verification.Intact, verification.Problem?.Message);
        Assert.Equal(12, verification.Entries);
        Assert.Equal(12, verification.LastSequence);
        Assert.Equal(10, verification.AuthenticatedThrough);
        Assert.Equal(2, verification.CheckpointsVerified);
    }

    [Fact]
    public async Task An_edited_entry_is_named()
    {
        _bed.Tamper("UPDATE audit_entries SET details = '{\"stage\":\"Production\",\"step\":6}' WHERE sequence = 7");

        await AssertProblem(7, AuditProblemKind.Edited);
    }

    [Theory]
    [InlineData("tenant = 'initech'")]
    [InlineData("actor = 'mallory'")]
    [InlineData("action = 'model.archived'")]
    [InlineData("target = 'model:credit_risk:9'")]
    [InlineData("time = time + 1")]
    [InlineData("salt = '00000000000000000000000000000000'")]
    [InlineData("hash = upper(hash)")]
    public async Task An_edit_of_any_field_is_named(string assignment)
    {
        _bed.Tamper($"UPDATE audit_entries SET {assignment} WHERE sequence = 7");

        await AssertProblem(7, AuditProblemKind.Edited);
    }

    [Fact]
    public async Task An_edit_of_an_entry_after_the_last_checkpoint_is_named()
    {
        _bed.Tamper("UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 12");

        await AssertProblem(12, AuditProblemKind.Edited);
    }

    [Fact]
    public async Task An_edited_entry_given_a_new_hash_is_named_through_its_successor_s_link()
    {
        _bed.Rewrite([Forgery.Rehashed(_entries[6] with { Actor = "mallory" })]);

        await AssertProblem(7, AuditProblemKind.Edited);
    }

    [Fact]
    public async Task A_deleted_entry_is_named()
    {
        _bed.Tamper("DELETE FROM audit_entries WHERE sequence = 7");

        await AssertProblem(7, AuditProblemKind.Deleted);
    }

    [Fact]
    public async Task A_deleted_entry_is_named_even_when_the_later_ones_are_renumbered()
    {
        _bed.Tamper("DELETE FROM audit_entries WHERE sequence = 7; UPDATE audit_entries SET sequence = sequence - 1 WHERE sequence > 7;");

        await AssertProblem(7, AuditProblemKind.Deleted);
    }

    [Fact]
    public async Task An_inserted_entry_is_named_even_when_it_links_and_hashes_correctly()
    {
        // Make room at 7, then forge an entry there that follows entry 6 properly.
        _bed.Tamper("UPDATE audit_entries SET sequence = -sequence WHERE sequence >= 7; UPDATE audit_entries SET sequence = 1 - sequence WHERE sequence < 0;");
        var forged = Forgery.Rehashed(_entries[6] with { Actor = "mallory", Action = AuditActions.ApprovalGranted, PreviousHash = _entries[5].Hash });
        _bed.Tamper(
            "INSERT INTO audit_entries (sequence, time, tenant, actor, action, target, details, salt, previous_hash, hash) VALUES (7, $time, $tenant, $actor, $action, $target, $details, $salt, $prev, $hash)",
            ("$time", forged.Time.ToUnixTimeMilliseconds()), ("$tenant", forged.Tenant), ("$actor", forged.Actor), ("$action", forged.Action),
            ("$target", forged.Target), ("$details", forged.Details), ("$salt", forged.Salt), ("$prev", forged.PreviousHash), ("$hash", forged.Hash));

        await AssertProblem(7, AuditProblemKind.Inserted);
    }

    [Fact]
    public async Task Reordered_entries_are_named()
    {
        _bed.Tamper("UPDATE audit_entries SET sequence = -1 WHERE sequence = 7; UPDATE audit_entries SET sequence = 7 WHERE sequence = 8; UPDATE audit_entries SET sequence = 8 WHERE sequence = -1;");

        await AssertProblem(7, AuditProblemKind.Reordered);
    }

    [Fact]
    public async Task Truncation_after_a_checkpoint_is_named()
    {
        _bed.Tamper("DELETE FROM audit_entries WHERE sequence > 7");

        await AssertProblem(8, AuditProblemKind.Truncated);
    }

    [Fact]
    public async Task Truncation_that_also_deletes_the_checkpoints_is_caught_by_checkpoints_kept_elsewhere()
    {
        var earlier = await AuditExportFile.OpenAsync(await _bed.ExportAsync(), default);
        _bed.Tamper("DELETE FROM audit_entries WHERE sequence > 7; DELETE FROM audit_checkpoints WHERE sequence > 7;");

        // The database alone still agrees with itself: only a checkpoint held outside it can tell.
        var alone = await _bed.VerifyAsync();
        Assert.True(alone.Intact);
        Assert.Equal(5, alone.AuthenticatedThrough);

        var verification = await _bed.VerifyAsync(earlier.Checkpoints);
        Assert.Equal(8, verification.Problem?.Sequence);
        Assert.Equal(AuditProblemKind.Truncated, verification.Problem?.Kind);
    }

    [Fact]
    public async Task A_chain_rewritten_after_an_edit_is_caught_by_the_next_checkpoint()
    {
        var rewritten = _entries.ToList();
        rewritten[6] = rewritten[6] with { Actor = "mallory" };
        _bed.Rewrite(Forgery.Rechain(rewritten, 6).Skip(6));

        // Entries 6 to 10 agree with each other; checkpoint 10 disagrees, and 5 is the last one that held.
        var problem = await AssertProblem(6, AuditProblemKind.Edited);
        Assert.Contains("entries 6 to 10 were rewritten", problem.Message);
    }

    [Fact]
    public async Task A_forged_checkpoint_signature_is_named()
    {
        _bed.Tamper("UPDATE audit_checkpoints SET signature = (SELECT signature FROM audit_checkpoints WHERE sequence = 10) WHERE sequence = 5");

        await AssertProblem(5, AuditProblemKind.BadCheckpoint);
    }

    [Fact]
    public async Task A_log_rewritten_and_re_signed_with_another_key_is_refused()
    {
        using var malloryKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var mallory = new PemAuditSigningKey(malloryKey.ExportPkcs8PrivateKeyPem());
        var rewritten = _entries.ToList();
        rewritten[2] = rewritten[2] with { Actor = "mallory" };
        rewritten = Forgery.Rechain(rewritten, 2);
        _bed.Rewrite(rewritten.Skip(2));
        foreach (var sequence in new[] { 5, 10 })
        {
            var unsigned = new AuditCheckpoint(sequence, rewritten[sequence - 1].Hash, AuditBed.Start, mallory.KeyId, "");
            _bed.Tamper("UPDATE audit_checkpoints SET hash = $h, key_id = $k, signature = $s WHERE sequence = $seq",
                ("$h", unsigned.EntryHash), ("$k", mallory.KeyId), ("$s", Convert.ToBase64String(mallory.Sign(unsigned.SignedBytes()!))), ("$seq", sequence));
        }

        var problem = await AssertProblem(5, AuditProblemKind.BadCheckpoint);
        Assert.Contains("not a trusted key", problem.Message);
    }

    private async Task<AuditProblem> AssertProblem(long sequence, AuditProblemKind kind)
    {
        var verification = await _bed.VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal((sequence, kind), (verification.Problem!.Sequence, verification.Problem.Kind));
        return verification.Problem;
    }

    public Task DisposeAsync()
    {
        _bed.Dispose();
        return Task.CompletedTask;
    }
}
