using System.Security.Cryptography.X509Certificates;

namespace Keel.Hardening.Https;

/// <summary>Loads the server certificate (with its private key) and any intermediates from <see cref="HttpsOptions"/>.</summary>
public static class ServerCertificateLoader
{
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) Load(HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.PfxPath))
        {
            var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(options.PfxPath, options.PfxPassword);
            var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new InvalidOperationException($"{options.PfxPath} ({HttpsOptions.Section}:PfxPath) holds no certificate with a private key.");
            return (leaf, [.. all.Where(c => !ReferenceEquals(c, leaf))]);
        }
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            throw new InvalidOperationException($"HTTPS needs {HttpsOptions.Section}:CertificatePath (PEM) or {HttpsOptions.Section}:PfxPath.");
        }

        var certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
        // Windows' TLS stack cannot use a key that lives only in memory, as a PEM key does.
        if (OperatingSystem.IsWindows())
        {
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(options.CertificatePath);
        foreach (var same in chain.Where(c => c.Thumbprint == certificate.Thumbprint).ToList())
        {
            chain.Remove(same);
        }
        return (certificate, chain);
    }
}
