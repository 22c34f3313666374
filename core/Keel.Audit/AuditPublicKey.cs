using System.Security.Cryptography;

namespace Keel.Audit;

/// <summary>A P-256 public key that checkpoints are verified with, named by its key id.</summary>
public sealed record AuditPublicKey(string KeyId, string Pem)
{
    /// <summary>Reads an SPKI PEM, refusing keys on other curves; the id is computed, never taken on trust.</summary>
    public static AuditPublicKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            throw new FormatException($"not an EC public key in PEM: {error.Message}", error);
        }
        return Of(key);
    }

    public static AuditPublicKey Of(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireP256(key);
        var spki = key.ExportSubjectPublicKeyInfo();
        return new AuditPublicKey(IdOf(spki), key.ExportSubjectPublicKeyInfoPem());
    }

    public static string IdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    internal static void RequireP256(ECDsa key)
    {
        if (key.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new FormatException("audit keys are ECDSA P-256 keys");
        }
    }
}
