using System.Security.Cryptography;
using Keel.Storage;

namespace Keel.Audit;

/// <summary>
/// The embedded default's signing key: a P-256 key generated on first use into a PEM file only its
/// owner can read, and read from there afterwards.
/// </summary>
public static class AuditSigningKeyFile
{
    public static PemAuditSigningKey LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Create(path);
        }
        if (OwnerOnlyFile.IsExposed(path))
        {
            // Whoever can read the key can sign a rewritten log; refuse rather than lend it credibility.
            throw new InvalidOperationException($"the audit signing key {path} is readable by others; make it owner-only (chmod 600)");
        }
        return new PemAuditSigningKey(File.ReadAllText(path));
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // When another process created the key first, both must sign with that one: its file stays.
        OwnerOnlyFile.Write(path, key.ExportPkcs8PrivateKeyPem(), overwrite: false);
    }
}
