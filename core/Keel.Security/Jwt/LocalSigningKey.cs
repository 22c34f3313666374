using System.Security.Cryptography;
using Keel.Storage;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Jwt;

/// <summary>
/// The embedded platform's token signing key: an ECDSA P-256 key made on first run and kept as a
/// PKCS#8 PEM file readable by its owner only, so nothing secret ever needs to be in the repository.
/// Every later run, and <c>keel auth token</c>, reuses the same file.
/// </summary>
public sealed class LocalSigningKey : IDisposable
{
    public const string FileName = "signing-key.pem";

    private readonly ECDsa _ecdsa;
    private readonly CryptoProviderFactory _providers;

    private LocalSigningKey(string path, ECDsa ecdsa, bool created)
    {
        Path = path;
        _ecdsa = ecdsa;
        Created = created;
        // A factory of its own: the shared default caches signature providers by key id, and would hand
        // this key's disposed ECDsa to the next instance read from the same file (a restart in-process).
        _providers = new CryptoProviderFactory();
        Key = new ECDsaSecurityKey(ecdsa) { CryptoProviderFactory = _providers };
        // The JWK thumbprint (RFC 7638) names the key in each token's header, so a rotated key is told apart.
        Key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Key).ComputeJwkThumbprint());
    }

    public string Path { get; }

    /// <summary>True when this call made the key rather than reading it.</summary>
    public bool Created { get; }

    public ECDsaSecurityKey Key { get; }

    public SigningCredentials Credentials => new(Key, SecurityAlgorithms.EcdsaSha256);

    public static LocalSigningKey LoadOrCreate(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path))
        {
            return Load(path);
        }
        OwnerOnlyFile.EnsureDirectory(System.IO.Path.GetDirectoryName(path)!);
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            // Two processes starting on a fresh data directory race here; the first key to land wins
            // and the other process reads it, so both sign and validate with the same key.
            if (OwnerOnlyFile.Write(path, ecdsa.ExportPkcs8PrivateKeyPem(), overwrite: false))
            {
                return new LocalSigningKey(path, ecdsa, created: true);
            }
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
        ecdsa.Dispose();
        return Load(path);
    }

    private static LocalSigningKey Load(string path)
    {
        if (OwnerOnlyFile.IsExposed(path))
        {
            throw new InvalidOperationException(
                $"The signing key {path} can be read or written by others (mode {OwnerOnlyFile.Mode(path)}); run 'chmod 600 {path}' and start again.");
        }
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"The signing key {path} is not a PEM-encoded EC private key: {ex.Message}", ex);
        }
        return new LocalSigningKey(path, ecdsa, created: false);
    }

    public void Dispose()
    {
        (_providers.CryptoProviderCache as IDisposable)?.Dispose();
        _ecdsa.Dispose();
    }
}
