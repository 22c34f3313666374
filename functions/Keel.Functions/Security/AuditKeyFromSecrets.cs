using Keel.Audit;
using Keel.Secrets;
using Keel.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keel.Functions.Security;

/// <summary>
/// The audit checkpoints' signing key, from the secret store first (secret <c>audit-signing-key</c>, or
/// the name in <c>Keel:Audit:SigningKeySecret</c>; the Vault component in production, <c>KEEL_SECRET_AUDIT_SIGNING_KEY</c>
/// or the local secrets folder embedded), then <c>Keel:Audit:SigningKeyPem</c>, then the embedded key file.
/// Whichever PEM is used is registered as a secret, so no log or error can print it.
/// </summary>
public static class AuditKeyFromSecrets
{
    public const string NameKey = "Keel:Audit:SigningKeySecret";
    public const string DefaultName = "audit-signing-key";

    public static IAuditSigningKey Resolve(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var name = configuration[NameKey] is { Length: > 0 } configured ? configured : DefaultName;
        // Read once at start: a store that cannot be read stops the start rather than signing with another key.
        var pem = services.GetRequiredService<ISecretStore>().FindAsync(name).GetAwaiter().GetResult();
        var options = services.GetRequiredService<IOptions<AuditOptions>>().Value;
        pem ??= options.SigningKeyPem;
        if (!string.IsNullOrWhiteSpace(pem))
        {
            services.GetRequiredService<SecretRegistry>().Register(pem);
            return new PemAuditSigningKey(pem);
        }
        return AuditSigningKeyFile.LoadOrCreate(services.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(options.SigningKeyFile));
    }
}
