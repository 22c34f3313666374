using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Keel.ModelRegistry;

/// <summary>
/// The model registry on PostgreSQL (Npgsql). Changes run at READ COMMITTED and begin by
/// locking the model's row (<c>FOR NO KEY UPDATE</c>): changes of one model queue behind each
/// other, each sees everything committed before it, and other models are not held up. The
/// schema is created on first use, under an advisory lock so that several processes starting
/// together do not trip over each other.
/// </summary>
public sealed class PostgresModelRegistry : RelationalModelRegistry, IAsyncDisposable, IDisposable
{
    // An arbitrary constant that names the schema lock among the database's advisory locks.
    private const long SchemaLockKey = 0x4B65656C_52656701;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>A registry with a connection pool of its own, from an Npgsql connection string.</summary>
    public PostgresModelRegistry(string connectionString, TimeProvider? time = null)
        : this(CreateDataSource(connectionString), ownsDataSource: true, time)
    {
    }

    /// <summary>A registry on a data source the application shares (and disposes).</summary>
    public PostgresModelRegistry(NpgsqlDataSource dataSource, TimeProvider? time = null)
        : this(dataSource, ownsDataSource: false, time)
    {
    }

    private PostgresModelRegistry(NpgsqlDataSource dataSource, bool ownsDataSource, TimeProvider? time)
        : base(time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    private protected override string LockModelSql =>
        "SELECT latest_version FROM registry_models WHERE tenant = @tenant AND name = @model FOR NO KEY UPDATE";

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (!_schemaReady)
        {
            try
            {
                await EnsureSchemaAsync(connection, cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        return connection;
    }

    private protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    private protected override object TimeValue(DateTimeOffset time) => time.ToUniversalTime();

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private protected override void AddJson(DbCommand command, string name, string json) =>
        ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private protected override bool IsRetryable(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
        _schemaGate.Dispose();
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
        _schemaGate.Dispose();
    }

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                command.Parameters.AddWithValue("key", SchemaLockKey);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (var statement in PostgresRegistrySchema.Statements)
            {
                await using var command = new NpgsqlCommand(statement, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The PostgreSQL model registry needs a connection string (Keel:ModelRegistry:ConnectionString).", nameof(connectionString));
        }
        return NpgsqlDataSource.Create(connectionString);
    }
}
