namespace Keel.Hardening.Https;

/// <summary>
/// The certificate a Keel app serves HTTPS with, and whether it demands one from clients
/// (<c>Keel:Http:Https</c>). Either a PEM certificate and key or a PKCS#12 file.
/// </summary>
public sealed class HttpsOptions
{
    public const string Section = "Keel:Http:Https";

    /// <summary>PEM certificate; intermediates after it in the same file are sent with it.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key; unset when it is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    public string? PfxPath { get; set; }

    /// <summary>Registered as a secret like any setting ending in Password, so it is masked in logs.</summary>
    public string? PfxPassword { get; set; }

    /// <summary>Refuses the TLS handshake of a client that presents no certificate or one that does not validate.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>PEM file of the CA certificates client certificates must chain to; the system's trust store when unset.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>Whether client certificates are checked for revocation (needs the CA's CRL or OCSP responder to be reachable).</summary>
    public bool CheckCertificateRevocation { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(PfxPath);
}
