using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Keel.PredictionLog.Tests;

/// <summary>Log lines kept in memory, so a test can check what an operator would have been told.</summary>
public sealed class LogLines
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger<T> For<T>() => new Logger<T>(this);

    private sealed class Logger<T>(LogLines lines) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
