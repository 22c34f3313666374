using System.Collections.Concurrent;
using System.Security.Cryptography;
using Keel.Secrets;
using Microsoft.Extensions.Logging;

namespace Keel.Cli.Tests.Security;

/// <summary>
/// The whole platform (functions, workflows, serving) with one served model in the default tenant,
/// secrets configured the ways an operator configures them, and every log entry captured: what the
/// security suite runs against.
/// </summary>
public sealed class SecuredPlatformFixture : ServedModelFixture
{
    /// <summary>A credential in configuration, as an integration's API key would be.</summary>
    public static readonly string ConfiguredApiKey = "suite-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A password inside a connection string.</summary>
    public static readonly string ConnectionPassword = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The audit signing key, kept in the local secret store before the platform starts.</summary>
    public static readonly string AuditKeyPem = NewPem();

    public SecuredPlatformFixture()
        : this(new ConcurrentQueue<string>())
    {
    }

    private SecuredPlatformFixture(ConcurrentQueue<string> logs)
        : base(new WorkflowPlatformFixture
        {
            Settings = new Dictionary<string, string?>
            {
                ["Keel:Integrations:Warehouse:ApiKey"] = ConfiguredApiKey,
                ["ConnectionStrings:Warehouse"] = $"Host=warehouse.internal;Username=keel;Password={ConnectionPassword}",
            },
            Configure = builder =>
            {
                // Everything from Debug up reaches the capture; the console keeps its own (quiet) level.
                builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
                builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug);
            },
            BeforeStart = dataDir => new LocalFileSecretStore(Path.Combine(dataDir, "secrets")).SetAsync("audit-signing-key", AuditKeyPem),
        })
    {
        Logs = logs;
    }

    protected override int Versions => 1;

    /// <summary>Every message the platform logged, formatted, exceptions included.</summary>
    public ConcurrentQueue<string> Logs { get; }

    public static IReadOnlyList<string> Secrets => [ConfiguredApiKey, ConnectionPassword, AuditKeyPem, PemBody(AuditKeyPem)];

    private static string NewPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string PemBody(string pem) => pem.Split('\n')[1];

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
