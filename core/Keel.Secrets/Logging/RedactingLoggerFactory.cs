using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Keel.Secrets.Logging;

/// <summary>
/// Wraps the loggers of the real factory, so every provider (console, OpenTelemetry, Azure
/// Monitor, one added later) receives entries already masked, and the factory's per-provider
/// filter rules and scopes work as configured. Wrapping the providers instead would change their
/// types, which those filter rules (<c>Logging:Console:LogLevel</c>) are keyed by.
/// </summary>
public sealed class RedactingLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;
    private readonly SecretRegistry _secrets;
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public RedactingLoggerFactory(ILoggerFactory inner, SecretRegistry secrets)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, self) => new RedactingLogger(self._inner.CreateLogger(category), self._secrets), this);

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose() => _inner.Dispose();
}
