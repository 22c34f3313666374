using System.Security.Cryptography;
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

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

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
        PrivateDirectory.Ensure(System.IO.Path.GetDirectoryName(path)!);
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            // Created with mode 0600 from the first byte: there is no moment when others could read it.
            var write = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                write.UnixCreateMode = OwnerReadWrite;
            }
            using (var stream = new FileStream(temporary, write))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(ecdsa.ExportPkcs8PrivateKeyPem());
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, OwnerReadWrite);
            }
            // Two processes starting on a fresh data directory race here; the first key to land wins
            // and the other process reads it, so both sign and validate with the same key.
            File.Move(temporary, path, overwrite: false);
            return new LocalSigningKey(path, ecdsa, created: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            ecdsa.Dispose();
            return Load(path);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static LocalSigningKey Load(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new InvalidOperationException(
                $"The signing key {path} can be read or written by others (mode {Octal(File.GetUnixFileMode(path))}); run 'chmod 600 {path}' and start again.");
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

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    public void Dispose()
    {
        (_providers.CryptoProviderCache as IDisposable)?.Dispose();
        _ecdsa.Dispose();
    }
}
