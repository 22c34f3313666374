using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keel.Hardening.Https;

/// <summary>
/// Accepts a client certificate that chains to one of the configured CAs (only those: the system's
/// roots are not trusted for clients then) and is valid for client authentication, or, without
/// configured CAs, one the system trusts.
/// </summary>
public sealed class ClientCertificateValidator
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection? _authorities;
    private readonly bool _checkRevocation;

    public ClientCertificateValidator(X509Certificate2Collection? authorities, bool checkRevocation)
    {
        _authorities = authorities is { Count: > 0 } ? authorities : null;
        _checkRevocation = checkRevocation;
    }

    public static ClientCertificateValidator From(HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2Collection? authorities = null;
        if (!string.IsNullOrWhiteSpace(options.ClientCaPath))
        {
            authorities = [];
            authorities.ImportFromPemFile(options.ClientCaPath);
            if (authorities.Count == 0)
            {
                throw new InvalidOperationException($"{options.ClientCaPath} ({HttpsOptions.Section}:ClientCaPath) holds no certificate.");
            }
        }
        return new ClientCertificateValidator(authorities, options.CheckCertificateRevocation);
    }

    public bool Validate(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_authorities is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = _checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        // Intermediates the client sent help build the chain; trust still comes only from the CAs above.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (element.Certificate.Thumbprint != certificate.Thumbprint)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }
        return chain.Build(certificate);
    }
}
