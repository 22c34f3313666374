namespace Keel.Audit;

/// <summary>
/// The key checkpoints are signed with. Signing goes through the interface rather than handing out
/// the private key, so a secret store that signs remotely can stand behind it.
/// </summary>
public interface IAuditSigningKey
{
    /// <summary>Lower-case hex SHA-256 of the public key's SubjectPublicKeyInfo (DER).</summary>
    string KeyId { get; }

    /// <summary>The public key as SPKI PEM, what a verifier needs.</summary>
    string PublicKeyPem { get; }

    /// <summary>ECDSA P-256 with SHA-256 over <paramref name="data"/>, IEEE P1363 format (64 bytes).</summary>
    byte[] Sign(byte[] data);
}
