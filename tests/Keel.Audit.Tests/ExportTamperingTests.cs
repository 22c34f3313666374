using System.Security.Cryptography;

namespace Keel.Audit.Tests;

/// <summary>
/// Exports verified offline, and tampering with their lines: every case is caught at the right
/// sequence number. The log has twelve entries, checkpoints at 5 and 10; exporting signs 12 too.
/// </summary>
public sealed class ExportTamperingTests : IAsyncLifetime
{
    private readonly AuditBed _bed = new(checkpointEvery: 5);
    private List<AuditEntry> _entries = [];
    private string _export = "";

    public async Task InitializeAsync()
    {
        _entries = await _bed.AppendAsync(12);
        _export = await _bed.ExportAsync();
    }

    [Fact]
    public async Task An_untouched_export_verifies_offline_with_the_public_key_it_carries()
    {
        var file = await AuditExportFile.OpenAsync(_export, default);

        Assert.Equal((1L, 12L), (file.Header.FirstSequence, file.Header.LastSequence));
        Assert.Equal([new AuditPublicKey(_bed.Key.KeyId, _bed.Key.PublicKeyPem)], file.Header.PublicKeys);
        using var trust = new AuditTrust(file.Header.PublicKeys);
        var verification = await new AuditVerifier(trust).VerifyAsync(file, default);
        Assert.True(verification.Intact, verification.Problem?.Message);
        Assert.Equal(12, verification.Entries);
        Assert.Equal(12, verification.AuthenticatedThrough);
        Assert.Equal(3, verification.CheckpointsVerified);
    }

    [Fact]
    public async Task An_export_is_a_header_then_its_checkpoints_then_its_entries_one_json_object_a_line()
    {
        var lines = new ExportLines(_export);

        Assert.Equal(1 + 3 + 12, lines.Lines.Count);
        Assert.StartsWith("""{"kind":"header","format":"keel.audit.export.v1",""", lines.Lines[0]);
        Assert.Equal([1, 2, 3], new long[] { 5, 10, 12 }.Select(lines.IndexOfCheckpoint));
        Assert.Equal(Enumerable.Range(4, 12), _entries.Select(e => lines.IndexOfEntry(e.Sequence)));
        Assert.Equal(_entries, await (await AuditExportFile.OpenAsync(_export, default)).ReadEntriesAsync(default).ToListAsync());
    }

    [Fact]
    public async Task An_export_verifies_against_the_pinned_key_and_not_against_another()
    {
        Assert.True((await VerifyAsync(_bed.TrustOwnKey())).Intact);

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verification = await VerifyAsync(AuditTrust.FromPem(other.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal((5L, AuditProblemKind.BadCheckpoint), (verification.Problem?.Sequence, verification.Problem?.Kind));
    }

    [Fact]
    public async Task An_edited_line_is_named()
    {
        Tamper(lines => lines.Edit(7, "\"actor\":\"alice\"", "\"actor\":\"mallory\""));

        await AssertProblem(7, AuditProblemKind.Edited);
    }

    [Fact]
    public async Task Reformatted_details_count_as_an_edit_because_the_hash_covers_their_bytes()
    {
        Tamper(lines => lines.Edit(7, "\"step\":6", "\"step\": 6"));

        await AssertProblem(7, AuditProblemKind.Edited);
    }

    [Fact]
    public async Task A_deleted_line_is_named()
    {
        Tamper(lines => lines.Lines.RemoveAt(lines.IndexOfEntry(7)));

        await AssertProblem(7, AuditProblemKind.Deleted);
    }

    [Fact]
    public async Task An_inserted_line_is_named_even_when_it_links_and_hashes_correctly()
    {
        var forged = Forgery.Rehashed(_entries[6] with { Actor = "mallory", Action = AuditActions.ApprovalGranted });
        Tamper(lines => lines.Lines.Insert(lines.IndexOfEntry(7), ExportLines.Line(forged)));

        await AssertProblem(7, AuditProblemKind.Inserted);
    }

    [Fact]
    public async Task Swapped_lines_are_named()
    {
        Tamper(lines =>
        {
            var seven = lines.IndexOfEntry(7);
            (lines.Lines[seven], lines.Lines[seven + 1]) = (lines.Lines[seven + 1], lines.Lines[seven]);
        });

        await AssertProblem(7, AuditProblemKind.Reordered);
    }

    [Fact]
    public async Task Truncation_after_a_checkpoint_is_named()
    {
        Tamper(lines => lines.Lines.RemoveRange(lines.IndexOfEntry(10), 3));

        await AssertProblem(10, AuditProblemKind.Truncated);
    }

    [Fact]
    public async Task Truncation_that_also_removes_the_checkpoints_is_named_from_the_header()
    {
        Tamper(lines =>
        {
            lines.Lines.RemoveRange(lines.IndexOfEntry(10), 3);
            lines.Lines.RemoveAt(lines.IndexOfCheckpoint(12));
            lines.Lines.RemoveAt(lines.IndexOfCheckpoint(10));
        });

        await AssertProblem(10, AuditProblemKind.Truncated);
    }

    [Fact]
    public async Task Entries_no_checkpoint_covers_are_named()
    {
        Tamper(lines => lines.Lines.RemoveAt(lines.IndexOfCheckpoint(12)));

        await AssertProblem(11, AuditProblemKind.Unsigned);
    }

    [Fact]
    public async Task An_edited_checkpoint_is_named()
    {
        Tamper(lines =>
        {
            var index = lines.IndexOfCheckpoint(5);
            lines.Lines[index] = lines.Lines[index].Replace(_entries[4].Hash, _entries[5].Hash, StringComparison.Ordinal);
        });

        await AssertProblem(5, AuditProblemKind.BadCheckpoint);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"kind":"note","sequence":7}""")]
    public async Task An_unreadable_line_is_named_by_the_sequence_expected_there(string line)
    {
        Tamper(lines => lines.Lines[lines.IndexOfEntry(7)] = line);

        await AssertProblem(7, AuditProblemKind.Malformed);
    }

    [Fact]
    public async Task A_property_outside_the_hashed_fields_makes_the_line_unreadable()
    {
        Tamper(lines => lines.Edit(7, "\"kind\":\"entry\",", "\"kind\":\"entry\",\"approved_by\":\"cfo\","));

        await AssertProblem(7, AuditProblemKind.Malformed);
    }

    [Fact]
    public async Task A_partial_export_is_authenticated_by_the_checkpoints_after_its_first_entry()
    {
        _export = await _bed.ExportAsync(new AuditRange(FromSequence: 6, ToSequence: 11));

        var verification = await VerifyAsync(_bed.TrustOwnKey());

        Assert.True(verification.Intact, verification.Problem?.Message);
        Assert.Equal((6L, 11L), (verification.FirstSequence, verification.LastSequence));
        Assert.Equal(11, verification.AuthenticatedThrough);
    }

    [Fact]
    public async Task A_partial_export_whose_first_link_was_forged_is_caught_by_its_checkpoint()
    {
        _export = await _bed.ExportAsync(new AuditRange(FromSequence: 6));
        var forged = _entries.Skip(5).ToList();
        forged[0] = Forgery.Rehashed(forged[0] with { PreviousHash = AuditHash.Genesis });
        for (var i = 1; i < forged.Count; i++)
        {
            forged[i] = Forgery.Rehashed(forged[i] with { PreviousHash = forged[i - 1].Hash });
        }
        Tamper(lines => forged.ForEach(lines.Replace));

        var problem = await AssertProblem(6, AuditProblemKind.Edited);
        Assert.Contains("entries 6 to 10 were rewritten", problem.Message);
    }

    [Fact]
    public async Task A_partial_export_missing_its_first_line_is_named_from_the_header()
    {
        _export = await _bed.ExportAsync(new AuditRange(FromSequence: 6));
        Tamper(lines => lines.Lines.RemoveAt(lines.IndexOfEntry(6)));

        await AssertProblem(6, AuditProblemKind.Deleted);
    }

    [Fact]
    public async Task An_export_by_time_holds_the_entries_written_in_that_time_and_is_signed_to_its_end()
    {
        _export = await _bed.ExportAsync(new AuditRange(FromTime: AuditBed.Start.AddMinutes(3), ToTime: AuditBed.Start.AddMinutes(8)));

        var file = await AuditExportFile.OpenAsync(_export, default);
        Assert.Equal((4L, 8L), (file.Header.FirstSequence, file.Header.LastSequence));
        var verification = await VerifyAsync(_bed.TrustOwnKey());
        Assert.True(verification.Intact, verification.Problem?.Message);
        Assert.Equal(8, verification.AuthenticatedThrough);
    }

    [Fact]
    public async Task An_export_of_an_empty_log_verifies_and_holds_nothing()
    {
        using var empty = new AuditBed();
        _export = await empty.ExportAsync();

        var verification = await VerifyAsync(empty.TrustOwnKey());

        Assert.True(verification.Intact);
        Assert.Equal(0, verification.Entries);
    }

    private void Tamper(Action<ExportLines> change)
    {
        var lines = new ExportLines(_export);
        change(lines);
        lines.Save();
    }

    private async Task<AuditVerification> VerifyAsync(AuditTrust? trust = null)
    {
        var file = await AuditExportFile.OpenAsync(_export, default);
        using (trust ??= new AuditTrust(file.Header.PublicKeys))
        {
            return await new AuditVerifier(trust).VerifyAsync(file, default);
        }
    }

    private async Task<AuditProblem> AssertProblem(long sequence, AuditProblemKind kind)
    {
        var verification = await VerifyAsync();
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
