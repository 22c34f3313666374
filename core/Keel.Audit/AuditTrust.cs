using System.Security.Cryptography;

namespace Keel.Audit;

/// <summary>The public keys a verifier accepts checkpoint signatures from, by key id.</summary>
public sealed class AuditTrust : IDisposable
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly Lock _verifying = new();

    public AuditTrust(IEnumerable<AuditPublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            var checkedKey = AuditPublicKey.FromPem(key.Pem);
            if (!_keys.ContainsKey(checkedKey.KeyId))
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(checkedKey.Pem);
                _keys.Add(checkedKey.KeyId, ecdsa);
            }
        }
    }

    public static AuditTrust FromPem(params string[] pems) => new(pems.Select(AuditPublicKey.FromPem));

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Null when the checkpoint verifies, otherwise why it does not.</summary>
    public string? Check(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!_keys.TryGetValue(checkpoint.KeyId, out var key))
        {
            return $"checkpoint {checkpoint.Sequence} is signed by key {checkpoint.KeyId}, which is not a trusted key";
        }
        var data = checkpoint.SignedBytes();
        var signature = new byte[64];
        bool valid;
        lock (_verifying)
        {
            valid = data is not null && Convert.TryFromBase64String(checkpoint.Signature, signature, out var length) && length == signature.Length
                && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        return valid ? null : $"checkpoint {checkpoint.Sequence}'s signature does not verify with key {checkpoint.KeyId}";
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
