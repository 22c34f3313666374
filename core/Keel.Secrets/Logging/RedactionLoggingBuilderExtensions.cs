using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Secrets.Logging;

public static class RedactionLoggingBuilderExtensions
{
    /// <summary>
    /// Masks every value of the <see cref="SecretRegistry"/> in every log entry of the app, whichever
    /// provider writes it and whenever that provider was added. The registry is seeded from
    /// configuration and grows as <see cref="ISecretStore"/> reads secrets.
    /// </summary>
    public static ILoggingBuilder AddKeelRedaction(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.AddKeelSecretRegistry();
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(
            new LoggerFactory(
                sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(),
                sp.GetService<IExternalScopeProvider>()),
            sp.GetRequiredService<SecretRegistry>())));
        return logging;
    }
}
