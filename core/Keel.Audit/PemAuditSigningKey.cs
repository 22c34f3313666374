using System.Security.Cryptography;

namespace Keel.Audit;

/// <summary>A P-256 signing key from PEM text (PKCS#8 or SEC 1), as a secret store hands it out.</summary>
public sealed class PemAuditSigningKey : IAuditSigningKey, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create();
    private readonly Lock _signing = new();

    public PemAuditSigningKey(string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        try
        {
            _key.ImportFromPem(privateKeyPem);
            // A PEM holding only a public key imports too, and would fail on the first checkpoint instead of here.
            _key.ExportECPrivateKey();
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            _key.Dispose();
            throw new FormatException("the audit signing key is not an EC private key in PEM", error);
        }
        var publicKey = AuditPublicKey.Of(_key);
        KeyId = publicKey.KeyId;
        PublicKeyPem = publicKey.Pem;
    }

    public string KeyId { get; }

    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data)
    {
        // One ECDsa instance is not documented as safe for concurrent use.
        lock (_signing)
        {
            return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _key.Dispose();
}
