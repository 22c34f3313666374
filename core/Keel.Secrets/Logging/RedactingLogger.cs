using Microsoft.Extensions.Logging;

namespace Keel.Secrets.Logging;

/// <summary>Masks registered secrets in a log entry's message, values, exception and scopes before any provider sees them.</summary>
internal sealed class RedactingLogger(ILogger inner, SecretRegistry secrets) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (secrets.IsEmpty || !inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var message = formatter(state, exception);
        var redactedMessage = secrets.Redact(message);
        var redactedException = RedactedException.Wrap(exception, secrets);
        var values = Redact(state as IEnumerable<KeyValuePair<string, object?>>, out var valuesChanged);
        if (!valuesChanged && ReferenceEquals(message, redactedMessage) && ReferenceEquals(exception, redactedException))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }
        inner.Log(logLevel, eventId, new RedactedLogState(redactedMessage, values), redactedException, static (s, _) => s.Message);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        if (secrets.IsEmpty)
        {
            return inner.BeginScope(state);
        }
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            var values = Redact(pairs, out var changed);
            var text = state.ToString() ?? "";
            var redactedText = secrets.Redact(text);
            return changed || !ReferenceEquals(text, redactedText)
                ? inner.BeginScope(new RedactedLogState(redactedText, values))
                : inner.BeginScope(state);
        }
        return state.ToString() is { } scope && secrets.Contains(scope) ? inner.BeginScope(secrets.Redact(scope)) : inner.BeginScope(state);
    }

    private IReadOnlyList<KeyValuePair<string, object?>> Redact(IEnumerable<KeyValuePair<string, object?>>? pairs, out bool changed)
    {
        changed = false;
        if (pairs is null)
        {
            return [];
        }
        var original = pairs as IReadOnlyList<KeyValuePair<string, object?>> ?? pairs.ToList();
        List<KeyValuePair<string, object?>>? redacted = null;
        for (var i = 0; i < original.Count; i++)
        {
            var (key, value) = original[i];
            // A value keeps its type (a number stays a number for structured sinks) unless its
            // text would disclose a secret.
            var text = value switch
            {
                null => null,
                string s => s,
                System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>()),
                _ => value.ToString(),
            };
            if (text is not null && secrets.Contains(text))
            {
                redacted ??= original.Take(i).ToList();
                redacted.Add(new(key, secrets.Redact(text)));
            }
            else
            {
                redacted?.Add(original[i]);
            }
        }
        changed = redacted is not null;
        return redacted ?? original;
    }
}
