using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keel.Audit;

namespace Keel.Cli.Tests;

/// <summary><c>keel audit verify</c> on an export of a real audit log: twelve entries, checkpoints every five.</summary>
public sealed class AuditVerifyCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-audit-cli-").FullName;
    private PemAuditSigningKey _key = null!;

    private string Export => Path.Combine(_dir, "audit.jsonl");

    public async Task InitializeAsync()
    {
        _key = AuditSigningKeyFile.LoadOrCreate(Path.Combine(_dir, "audit", "signing-key.pem"));
        var log = new SqliteAuditLog(Path.Combine(_dir, "audit", "audit.db"), _key, new AuditOptions { CheckpointEvery = 5 }, TimeProvider.System);
        for (var i = 0; i < 12; i++)
        {
            await log.AppendAsync(new NewAuditEntry("acme", "alice", AuditActions.ModelStageChanged, AuditTargets.Model("credit_risk", 3), new JsonObject { ["step"] = i }), default);
        }
        await using var file = File.Create(Export);
        await new AuditExporter(log, TimeProvider.System).WriteAsync(AuditRange.All, file, default);
    }

    [Fact]
    public async Task An_untouched_export_verifies_and_the_command_exits_zero()
    {
        var (exit, output, error) = await KeelProcess.RunAsync(_dir, Timeout, "audit", "verify", "--file", Export);

        Assert.True(exit == 0, output + error);
        Assert.Contains("Intact", output);
        Assert.Contains("entries 1 to 12", output);
        Assert.Contains("--public-key", output);
    }

    [Fact]
    public async Task A_tampered_export_exits_non_zero_naming_the_first_bad_sequence()
    {
        var lines = await File.ReadAllLinesAsync(Export);
        var seventh = Array.FindIndex(lines, line => line.StartsWith("""{"kind":"entry","sequence":7,""", StringComparison.Ordinal));
        lines[seventh] = lines[seventh].Replace("\"actor\":\"alice\"", "\"actor\":\"mallory\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(Export, lines);

        var (exit, output, _) = await KeelProcess.RunAsync(_dir, Timeout, "audit", "verify", "--file", Export);

        Assert.Equal(1, exit);
        Assert.Contains("Verification failed at sequence 7 (edited)", output);
    }

    [Fact]
    public async Task The_export_verifies_against_its_pinned_key_and_fails_against_another()
    {
        var own = Path.Combine(_dir, "own.pem");
        await File.WriteAllTextAsync(own, _key.PublicKeyPem);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stranger = Path.Combine(_dir, "other.pem");
        await File.WriteAllTextAsync(stranger, other.ExportSubjectPublicKeyInfoPem());

        var pinned = await KeelProcess.RunAsync(_dir, Timeout, "audit", "verify", "--file", Export, "--public-key", own);
        var wrong = await KeelProcess.RunAsync(_dir, Timeout, "audit", "verify", "--file", Export, "--public-key", stranger);

        Assert.True(pinned.ExitCode == 0, pinned.Output + pinned.Error);
        Assert.DoesNotContain("--public-key", pinned.Output);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("Verification failed at sequence 5 (bad checkpoint)", wrong.Output);
    }

    public Task DisposeAsync()
    {
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
