using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The audit log (<c>Keel:Audit</c>) in <c>audit/audit.db</c> under the data directory, signed with
    /// <c>Keel:Audit:SigningKeyPem</c> when the secret store provides it, else with the embedded key file.
    /// </summary>
    public static IServiceCollection AddKeelAudit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditSigningKey>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.SigningKeyPem)
                ? AuditSigningKeyFile.LoadOrCreate(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(options.SigningKeyFile))
                : new PemAuditSigningKey(options.SigningKeyPem);
        });
        services.TryAddSingleton<IAuditLog>(sp => new SqliteAuditLog(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("audit", "audit.db"),
            sp.GetRequiredService<IAuditSigningKey>(),
            sp.GetRequiredService<IOptions<AuditOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
