using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Audit.Tests;

/// <summary>Where the checkpoint signing key comes from.</summary>
public sealed class SigningKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-audit-key-").FullName;

    private string KeyPath => Path.Combine(_dir, "audit", "signing-key.pem");

    [Fact]
    public void The_embedded_key_is_generated_once_owner_only_and_read_back_afterwards()
    {
        string keyId;
        using (var created = AuditSigningKeyFile.LoadOrCreate(KeyPath))
        {
            keyId = created.KeyId;
        }

        using var loaded = AuditSigningKeyFile.LoadOrCreate(KeyPath);

        Assert.Equal(keyId, loaded.KeyId);
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(KeyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(KeyPath)!));
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        AuditSigningKeyFile.LoadOrCreate(KeyPath).Dispose();
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidOperationException>(() => AuditSigningKeyFile.LoadOrCreate(KeyPath));

        Assert.Contains("chmod 600", error.Message);
    }

    [Fact]
    public void A_key_from_pem_text_signs_what_its_public_key_verifies()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = new PemAuditSigningKey(ecdsa.ExportPkcs8PrivateKeyPem());
        var checkpoint = new AuditCheckpoint(3, AuditHash.Genesis, DateTimeOffset.UnixEpoch, key.KeyId, "");
        checkpoint = checkpoint with { Signature = Convert.ToBase64String(key.Sign(checkpoint.SignedBytes()!)) };

        using var trust = AuditTrust.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem());

        Assert.Equal(AuditPublicKey.IdOf(ecdsa.ExportSubjectPublicKeyInfo()), key.KeyId);
        Assert.Null(trust.Check(checkpoint));
    }

    [Fact]
    public void Keys_that_are_not_p256_private_keys_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);

        Assert.Throws<FormatException>(() => new PemAuditSigningKey(p384.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<FormatException>(() => new PemAuditSigningKey(p256.ExportSubjectPublicKeyInfoPem()));
        Assert.Throws<FormatException>(() => new PemAuditSigningKey(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<FormatException>(() => AuditPublicKey.FromPem(p384.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public async Task The_platform_s_audit_log_lives_under_the_data_directory_and_signs_with_the_embedded_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = _dir,
            ["Keel:Audit:CheckpointEvery"] = "2",
        }).Build();
        await using var services = new ServiceCollection().AddKeelAudit(configuration).BuildServiceProvider();

        var log = services.GetRequiredService<IAuditLog>();
        await log.AppendAsync(new NewAuditEntry("acme", "alice", AuditActions.PolicyChanged, AuditTargets.Policy("approval")), default);
        await log.AppendAsync(new NewAuditEntry("acme", "alice", AuditActions.RoleChanged, AuditTargets.Role("bob")), default);

        Assert.True(File.Exists(Path.Combine(_dir, "audit", "audit.db")));
        using var trust = AuditTrust.FromPem(File.ReadAllText(KeyPath));
        var verification = await new AuditVerifier(trust).VerifyAsync(log, null, default);
        Assert.True(verification.Intact);
        Assert.Equal(2, verification.AuthenticatedThrough);
    }

    [Fact]
    public async Task A_key_from_configuration_is_used_instead_of_the_file()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = _dir,
            ["Keel:Audit:SigningKeyPem"] = ecdsa.ExportPkcs8PrivateKeyPem(),
        }).Build();
        await using var services = new ServiceCollection().AddKeelAudit(configuration).BuildServiceProvider();

        Assert.Equal(AuditPublicKey.IdOf(ecdsa.ExportSubjectPublicKeyInfo()), services.GetRequiredService<IAuditSigningKey>().KeyId);
        Assert.False(File.Exists(KeyPath));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
