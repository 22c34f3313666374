using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Keel.Features.Online.Tests;

/// <summary>
/// A real Redis for the adapter's tests: the one named by <c>KEEL_TEST_REDIS</c> (host:port), or
/// else a <c>redis-server</c> started here on a free loopback port without persistence and
/// stopped afterwards. Without either the tests fail, saying so, rather than skip: a skipped
/// adapter test would pass CI without ever talking to Redis.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "KEEL_TEST_REDIS";

    private readonly StringBuilder _serverOutput = new();
    private Process? _server;
    private string? _directory;

    public string Endpoint { get; private set; } = "";

    /// <summary>A connection shared by the tests, as an application shares one.</summary>
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        Endpoint = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured.Trim();
        Connection = await ConnectAsync();
    }

    /// <summary>A new connection of its own; <paramref name="admin"/> allows commands such as SCRIPT FLUSH.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync(bool admin = false) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Endpoint },
            AllowAdmin = admin,
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
        });

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                await _server.WaitForExitAsync();
            }
            _server.Dispose();
        }
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<string> StartServerAsync()
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "The Redis adapter tests need a Redis server: install redis-server (apt-get install redis-server) " +
            $"or set {EnvironmentVariable}=host:port to use one that is running.");

        var port = FreeLoopbackPort();
        _directory = Directory.CreateTempSubdirectory("keel-redis-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory })
        {
            start.ArgumentList.Add(argument);
        }
        _server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _server.OutputDataReceived += (_, e) => Capture(e.Data);
        _server.ErrorDataReceived += (_, e) => Capture(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_server.ExitCode}: {Output()}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"redis-server did not accept connections on port {port}: {exception.Message}. {Output()}");
            }
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_serverOutput)
        {
            _serverOutput.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_serverOutput)
        {
            return _serverOutput.ToString();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Every Redis test class shares one server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
