using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Keel.Audit.Tests;

/// <summary>Appending to and reading from the SQLite audit log.</summary>
public sealed class AppendTests : IDisposable
{
    private readonly AuditBed _bed = new();

    [Fact]
    public async Task Sequences_start_at_one_and_each_entry_links_to_the_one_before()
    {
        var entries = await _bed.AppendAsync(4);

        Assert.Equal([1L, 2, 3, 4], entries.Select(e => e.Sequence));
        Assert.Equal(AuditHash.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }
        Assert.All(entries, e => Assert.Equal(AuditHash.Compute(e), e.Hash));
        Assert.Equal(4, entries.Select(e => e.Salt).Distinct().Count());
        Assert.Equal(entries, await _bed.ReadAllAsync());
    }

    [Fact]
    public async Task Concurrent_appenders_get_every_sequence_number_exactly_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await _bed.Log.AppendAsync(new NewAuditEntry("acme", $"writer-{writer}", AuditActions.AccessDenied, "route:/api/models"), default);
            }
        })));

        var entries = await _bed.ReadAllAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence));
        var verification = await _bed.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem?.Message);
        Assert.Equal(40, verification.CheckpointsVerified);
    }

    [Fact]
    public async Task Two_logs_sharing_one_file_still_form_one_gapless_chain()
    {
        // As two processes on one data directory would: separate instances, separate connections.
        var other = new SqliteAuditLog(_bed.Log.Path, _bed.Key, new AuditOptions { CheckpointEvery = 5 }, _bed.Time);
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 30; i++) await _bed.Log.AppendAsync(new NewAuditEntry("acme", "one", "test.append", "t:1"), default); }),
            Task.Run(async () => { for (var i = 0; i < 30; i++) await other.AppendAsync(new NewAuditEntry("acme", "two", "test.append", "t:2"), default); }));

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), (await _bed.ReadAllAsync()).Select(e => e.Sequence));
        Assert.True((await _bed.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Reads_filter_by_tenant_target_sequence_and_time()
    {
        await _bed.AppendAsync(12);
        var log = _bed.Log;

        var globex = await log.ReadAsync(new AuditQuery { Tenant = "globex" }, default).ToListAsync();
        Assert.Equal([1L, 4, 7, 10], globex.Select(e => e.Sequence));

        var target = await log.ReadAsync(new AuditQuery { Target = "model:credit_risk:2" }, default).ToListAsync();
        Assert.Equal([2L, 6, 10], target.Select(e => e.Sequence));

        var both = await log.ReadAsync(new AuditQuery { Tenant = "acme", Target = "model:credit_risk:2" }, default).ToListAsync();
        Assert.Equal([2L, 6], both.Select(e => e.Sequence));

        var bySequence = await log.ReadAsync(new AuditQuery { Range = new AuditRange(FromSequence: 5, ToSequence: 7) }, default).ToListAsync();
        Assert.Equal([5L, 6, 7], bySequence.Select(e => e.Sequence));

        var byTime = await log.ReadAsync(new AuditQuery { Range = new AuditRange(FromTime: AuditBed.Start.AddMinutes(3), ToTime: AuditBed.Start.AddMinutes(6)) }, default).ToListAsync();
        Assert.Equal([4L, 5, 6], byTime.Select(e => e.Sequence));

        var limited = await log.ReadAsync(new AuditQuery { Tenant = "acme", Limit = 2 }, default).ToListAsync();
        Assert.Equal([2L, 3], limited.Select(e => e.Sequence));

        Assert.Equal((4L, 6L), await log.FindAsync(new AuditRange(FromTime: AuditBed.Start.AddMinutes(3), ToTime: AuditBed.Start.AddMinutes(6)), default));
        Assert.Null(await log.FindAsync(new AuditRange(FromSequence: 13), default));
    }

    [Fact]
    public async Task A_target_read_for_a_tenant_returns_only_that_tenant_s_entries_of_it()
    {
        foreach (var tenant in new[] { "acme", "globex", "initech", "acme", "globex" })
        {
            await _bed.Log.AppendAsync(new NewAuditEntry(tenant, $"{tenant}-operator", AuditActions.ModelStageChanged, "model:credit:3"), default);
        }
        await _bed.Log.AppendAsync(new NewAuditEntry("acme", "acme-operator", AuditActions.ModelRegistered, "model:credit:4"), default);
        var log = _bed.Log;

        var acme = await log.ReadAsync(new AuditQuery { Tenant = "acme", Target = "model:credit:3" }, default).ToListAsync();
        Assert.Equal([1L, 4], acme.Select(e => e.Sequence));
        Assert.All(acme, e => Assert.Equal(("acme", "model:credit:3"), (e.Tenant, e.Target)));
        var globex = await log.ReadAsync(new AuditQuery { Tenant = "globex", Target = "model:credit:3", Limit = 1 }, default).ToListAsync();
        Assert.Equal([2L], globex.Select(e => e.Sequence));
        Assert.Empty(await log.ReadAsync(new AuditQuery { Tenant = "initech", Target = "model:credit:4" }, default).ToListAsync());
        Assert.Equal(5, (await log.ReadAsync(new AuditQuery { Target = "model:credit:3" }, default).ToListAsync()).Count);
    }

    [Fact]
    public async Task Times_are_whole_milliseconds_that_never_run_backwards()
    {
        _bed.Time.Now = AuditBed.Start.AddTicks(1234);
        var first = await _bed.Log.AppendAsync(new NewAuditEntry("acme", "alice", "test.append", "t:1"), default);
        _bed.Time.Now = AuditBed.Start.AddMinutes(-5);
        var second = await _bed.Log.AppendAsync(new NewAuditEntry("acme", "alice", "test.append", "t:1"), default);

        Assert.Equal(AuditBed.Start, first.Time);
        Assert.Equal(first.Time, second.Time);
    }

    [Fact]
    public async Task Details_are_stored_as_canonical_json()
    {
        var entry = await _bed.Log.AppendAsync(new NewAuditEntry("acme", "alice", AuditActions.GateEvaluated, AuditTargets.Model("credit_risk", 3),
            new JsonObject { ["passed"] = false, ["gate"] = "bias", ["metrics"] = new JsonObject { ["tpr_gap"] = 0.125, ["auc"] = 0.81 } }), default);

        Assert.Equal("""{"gate":"bias","metrics":{"auc":0.81,"tpr_gap":0.125},"passed":false}""", entry.Details);
        Assert.Equal("{}", (await _bed.Log.AppendAsync(new NewAuditEntry("acme", "alice", "test.append", "t:1"), default)).Details);
    }

    [Fact]
    public async Task The_tables_refuse_updates_and_deletes_from_any_client()
    {
        await _bed.AppendAsync(5);
        using var connection = new SqliteConnection($"Data Source={_bed.Log.Path};Pooling=False");
        connection.Open();
        foreach (var sql in new[]
        {
            "UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 2",
            "DELETE FROM audit_entries WHERE sequence = 5",
            "UPDATE audit_checkpoints SET signature = '' WHERE sequence = 5",
            "DELETE FROM audit_checkpoints",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message);
        }
        Assert.True((await _bed.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData("Acme", "alice", "a", "t", "tenant")]
    [InlineData("acme", "", "a", "t", "actor")]
    [InlineData("acme", "alice", " ", "t", "action")]
    [InlineData("acme", "alice", "a", "", "target")]
    public async Task Entries_that_cannot_be_recorded_faithfully_are_refused_naming_the_field(string tenant, string actor, string action, string target, string field)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Log.AppendAsync(new NewAuditEntry(tenant, actor, action, target), default));

        Assert.StartsWith(field + ":", error.Message);
        Assert.Empty(await _bed.ReadAllAsync());
    }

    [Fact]
    public async Task Text_with_a_lone_surrogate_is_refused_since_it_has_no_faithful_encoding()
    {
        // Built in code: an attribute argument would have the surrogate replaced before the test sees it.
        var actor = "ali" + (char)0xD800 + "ce";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Log.AppendAsync(new NewAuditEntry("acme", actor, "a", "t"), default));

        Assert.StartsWith("actor:", error.Message);
    }

    [Fact]
    public async Task Details_over_the_size_limit_are_refused()
    {
        var details = new JsonObject { ["blob"] = new string('x', CanonicalJson.MaxBytes) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Log.AppendAsync(new NewAuditEntry("acme", "alice", "a", "t", details), default));

        Assert.StartsWith("details:", error.Message);
    }

    public void Dispose() => _bed.Dispose();
}
