using System.Data.Common;
using System.Globalization;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.ModelRegistry;

/// <summary>
/// The model registry of the embedded default: one SQLite file. Every change takes SQLite's
/// write lock when its transaction begins (<c>BEGIN IMMEDIATE</c>), so changes from any number
/// of registries and processes on the same file run one after another, while readers keep
/// reading (WAL).
/// </summary>
public sealed class SqliteModelRegistry : RelationalModelRegistry
{
    // Fixed width, so that the text sorts as the time does.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private readonly SqliteDatabase _database;

    public SqliteModelRegistry(string path, TimeProvider? time = null)
        : base(time)
    {
        _database = new SqliteDatabase(path, SqliteRegistrySchema.Statements);
    }

    public string Path => _database.Path;

    private protected override string LockModelSql =>
        "SELECT latest_version FROM registry_models WHERE tenant = @tenant AND name = @model";

    private protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbConnection>(_database.Open());

    private protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private protected override object TimeValue(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private protected override void AddJson(DbCommand command, string name, string json) =>
        ((SqliteCommand)command).Parameters.AddWithValue(name, json);

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    // The busy timeout already waits for the write lock; nothing SQLite reports is worth a retry.
    private protected override bool IsRetryable(DbException exception) => false;
}
