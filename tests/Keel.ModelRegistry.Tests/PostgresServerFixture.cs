using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Keel.ModelRegistry.Tests;

/// <summary>
/// A real PostgreSQL for the adapter's tests: the server named by <c>KEEL_TEST_POSTGRES</c> (an
/// Npgsql connection string for a role that may create databases), or else a throwaway server
/// made here with <c>initdb</c> and started with <c>pg_ctl</c> on a free loopback port, stopped
/// and deleted afterwards. PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> user that Debian's package creates. Without either the tests fail, saying
/// what to install, rather than skip: a skipped adapter test would pass CI without ever talking
/// to PostgreSQL.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "KEEL_TEST_POSTGRES";

    private const string ServiceUser = "postgres";

    private string? _directory;
    private string? _pgCtl;
    private bool _asServiceUser;

    /// <summary>A connection string to the server's maintenance database, as a role that may create databases.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        AdminConnectionString = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured.Trim();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
    }

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "keel_registry_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // Pooled connections of the test would otherwise keep the database open.
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_pgCtl is not null && _directory is not null)
        {
            await RunAsync(_pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], TimeSpan.FromSeconds(60), throwOnFailure: false);
        }
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> StartServerAsync()
    {
        var bin = FindServerBinaries() ?? throw new InvalidOperationException(
            "The PostgreSQL model registry tests need PostgreSQL: install the server (apt-get install postgresql, which puts initdb and pg_ctl " +
            $"under /usr/lib/postgresql/<version>/bin) or set {EnvironmentVariable} to an Npgsql connection string of a server where the tests may create databases.");
        var initdb = Path.Combine(bin, "initdb");
        _asServiceUser = Environment.IsPrivilegedProcess;
        if (_asServiceUser && (await RunAsync("id", ["-u", ServiceUser], TimeSpan.FromSeconds(10), throwOnFailure: false)).ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL refuses to run as root and there is no '{ServiceUser}' user to run it as: install the postgresql package (which creates it) " +
                $"or set {EnvironmentVariable} to a server that is running.");
        }

        // As root the directory must belong to the server's user, and sit where that user can reach it.
        if (_asServiceUser)
        {
            _directory = Directory.CreateDirectory(Path.Combine("/tmp", "keel-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
            await RunAsync("chown", [ServiceUser, _directory], TimeSpan.FromSeconds(10));
        }
        else
        {
            _directory = Directory.CreateTempSubdirectory("keel-pg-").FullName;
        }
        var data = Path.Combine(_directory, "data");
        await RunAsync(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(120));

        _pgCtl = Path.Combine(bin, "pg_ctl");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            // Durability is of no use to a server that is deleted after the tests.
            var options = $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            var start = await RunAsync(_pgCtl, ["-D", data, "-o", options, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"],
                TimeSpan.FromSeconds(90), throwOnFailure: attempt == 3);
            if (start.ExitCode == 0)
            {
                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=60";
            }
        }
    }

    /// <summary>The newest server on PATH or under Debian's /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
    private static string? FindServerBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }
        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(version => (Number: int.TryParse(Path.GetFileName(version), out var n) ? n : 0, Bin: Path.Combine(version, "bin")))
                .Where(v => File.Exists(Path.Combine(v.Bin, "initdb")) && File.Exists(Path.Combine(v.Bin, "pg_ctl")))
                .OrderByDescending(v => v.Number)
                .Select(v => v.Bin)
                .FirstOrDefault()
            : null;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string executable, string[] arguments, TimeSpan timeout, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var serverTool = executable.EndsWith("/initdb", StringComparison.Ordinal) || executable.EndsWith("/pg_ctl", StringComparison.Ordinal);
        if (serverTool && _asServiceUser)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", ServiceUser, "--", executable })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = executable;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        var output = (await stdout) + (await stderr);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            var log = _directory is not null && File.Exists(Path.Combine(_directory, "server.log")) ? File.ReadAllText(Path.Combine(_directory, "server.log")) : "";
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with code {process.ExitCode}: {output} {log}");
        }
        return (process.ExitCode, output);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Every PostgreSQL test class shares one server; each test has a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres-server";
}
