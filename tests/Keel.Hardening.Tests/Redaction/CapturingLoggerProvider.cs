using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Keel.Hardening.Tests.Redaction;

/// <summary>One captured log entry, with everything a sink could write: message, values, exception and scopes.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, string? Exception, IReadOnlyList<string> Scopes)
{
    public string AllText =>
        string.Join("\n", [Message, .. Values.Select(v => $"{v.Key}={v.Value}"), Exception ?? "", .. Scopes]);
}

/// <summary>A log provider that keeps every entry it is given, as a console or file sink would write it.</summary>
[ProviderAlias("Capture")]
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) =>
            {
                list.Add(scope?.ToString() ?? "");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                }
            }, scopes);
            var values = state is IEnumerable<KeyValuePair<string, object?>> items ? items.ToList() : [];
            provider.Entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString(), scopes));
        }
    }
}
