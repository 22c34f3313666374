using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Keel.Kafka.Tests;

/// <summary>Keeps formatted log lines so tests can check what an operator would read.</summary>
public sealed class LogLines
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger<T> For<T>() => new ListLogger<T>(this);

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    private sealed class ListLogger<T>(LogLines sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{logLevel}: {formatter(state, exception)}";
            sink.Lines.Enqueue(line);
            // Set KEEL_TEST_LOG to a file to follow a failing test's consumer loop with timestamps.
            if (Environment.GetEnvironmentVariable("KEEL_TEST_LOG") is { Length: > 0 } file)
            {
                lock (sink)
                {
                    File.AppendAllText(file, $"{DateTime.Now:HH:mm:ss.fff} {typeof(T).Name} {line}\n");
                }
            }
        }
    }
}
