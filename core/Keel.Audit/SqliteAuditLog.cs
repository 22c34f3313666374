using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Audit;

/// <summary>
/// The audit chain of the embedded default, in SQLite under the data directory
/// (<c>audit/audit.db</c>), with its checkpoints and the public keys that signed them.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private const string EntryColumns = "sequence, time, tenant, actor, action, target, details, salt, previous_hash, hash";

    private readonly SqliteDatabase _database;
    private readonly IAuditSigningKey _signingKey;
    private readonly int _checkpointEvery;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteAuditLog(string path, IAuditSigningKey signingKey, AuditOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _checkpointEvery = options.CheckpointEvery;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _database = new SqliteDatabase(path, AuditSchema.Statements);
    }

    public string Path => _database.Path;

    public async Task<AuditEntry> AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        var details = CanonicalJson.Serialize(entry.Details);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = _database.Open();
            // IMMEDIATE takes the write lock before the head is read, so another process sharing
            // the file cannot be handed the same sequence number.
            using var transaction = connection.BeginTransaction(deferred: false);
            var head = Head(connection, transaction);
            // Time never runs backwards in the log, so a time range is a contiguous run of sequences.
            var time = UnixMilliseconds.Truncate(_time.GetUtcNow());
            if (head is not null && head.Time > time)
            {
                time = head.Time;
            }
            var appended = new AuditEntry(
                (head?.Sequence ?? 0) + 1, time, entry.Tenant, entry.Actor, entry.Action, entry.Target, details,
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(AuditEncoding.SaltLength)), head?.Hash ?? AuditHash.Genesis, "");
            appended = appended with { Hash = AuditHash.Compute(appended)! };
            Insert(connection, transaction, appended);
            if (_checkpointEvery > 0 && appended.Sequence % _checkpointEvery == 0)
            {
                Sign(connection, transaction, appended.Sequence, appended.Hash);
            }
            transaction.Commit();
            return appended;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        var where = Where(command, query.Range);
        if (query.Tenant is not null)
        {
            where.Add("tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", query.Tenant);
        }
        if (query.Target is not null)
        {
            where.Add("target = $target");
            command.Parameters.AddWithValue("$target", query.Target);
        }
        command.CommandText = $"SELECT {EntryColumns} FROM audit_entries{Clause(where)} ORDER BY sequence LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public Task<(long First, long Last)?> FindAsync(AuditRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(sequence), MAX(sequence) FROM audit_entries{Clause(Where(command, range))}";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult<(long, long)?>(reader.IsDBNull(0) ? null : (reader.GetInt64(0), reader.GetInt64(1)));
    }

    public async IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(long fromSequence, long toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash, time, key_id, signature FROM audit_checkpoints WHERE sequence BETWEEN $from AND $to ORDER BY sequence";
        command.Parameters.AddWithValue("$from", fromSequence);
        command.Parameters.AddWithValue("$to", toSequence);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadCheckpoint(reader);
        }
    }

    public async Task<AuditCheckpoint?> CheckpointAsync(long? sequence, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var entry = sequence is null ? Head(connection, transaction) : Entry(connection, transaction, sequence.Value);
            if (entry is null)
            {
                return null;
            }
            var checkpoint = Checkpoint(connection, transaction, entry.Sequence) ?? Sign(connection, transaction, entry.Sequence, entry.Hash);
            transaction.Commit();
            return checkpoint;
        }
        finally
        {
            _writer.Release();
        }
    }

    public Task<IReadOnlyList<AuditPublicKey>> PublicKeysAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, public_key FROM audit_keys ORDER BY key_id";
        using var reader = command.ExecuteReader();
        var keys = new List<AuditPublicKey>();
        while (reader.Read())
        {
            keys.Add(new AuditPublicKey(reader.GetString(0), reader.GetString(1)));
        }
        return Task.FromResult<IReadOnlyList<AuditPublicKey>>(keys);
    }

    private AuditCheckpoint Sign(SqliteConnection connection, SqliteTransaction transaction, long sequence, string hash)
    {
        var time = UnixMilliseconds.Truncate(_time.GetUtcNow());
        var unsigned = new AuditCheckpoint(sequence, hash, time, _signingKey.KeyId, "");
        var checkpoint = unsigned with { Signature = Convert.ToBase64String(_signingKey.Sign(unsigned.SignedBytes()!)) };
        using (var insert = Command(connection, transaction,
            "INSERT INTO audit_checkpoints (sequence, hash, time, key_id, signature) VALUES ($s, $h, $t, $k, $sig)"))
        {
            Bind(insert, ("$s", sequence), ("$h", hash), ("$t", time.ToUnixTimeMilliseconds()), ("$k", checkpoint.KeyId), ("$sig", checkpoint.Signature));
            insert.ExecuteNonQuery();
        }
        using (var key = Command(connection, transaction, "INSERT OR IGNORE INTO audit_keys (key_id, public_key) VALUES ($k, $pem)"))
        {
            Bind(key, ("$k", _signingKey.KeyId), ("$pem", _signingKey.PublicKeyPem));
            key.ExecuteNonQuery();
        }
        return checkpoint;
    }

    private static AuditEntry? Head(SqliteConnection connection, SqliteTransaction transaction) =>
        SingleEntry(Command(connection, transaction, $"SELECT {EntryColumns} FROM audit_entries ORDER BY sequence DESC LIMIT 1"));

    private static AuditEntry? Entry(SqliteConnection connection, SqliteTransaction transaction, long sequence)
    {
        var command = Command(connection, transaction, $"SELECT {EntryColumns} FROM audit_entries WHERE sequence = $s");
        Bind(command, ("$s", sequence));
        return SingleEntry(command);
    }

    private static AuditEntry? SingleEntry(SqliteCommand command)
    {
        using (command)
        using (var reader = command.ExecuteReader())
        {
            return reader.Read() ? ReadEntry(reader) : null;
        }
    }

    private static AuditCheckpoint? Checkpoint(SqliteConnection connection, SqliteTransaction transaction, long sequence)
    {
        using var command = Command(connection, transaction, "SELECT sequence, hash, time, key_id, signature FROM audit_checkpoints WHERE sequence = $s");
        Bind(command, ("$s", sequence));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCheckpoint(reader) : null;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry)
    {
        using var insert = Command(connection, transaction,
            $"INSERT INTO audit_entries ({EntryColumns}) VALUES ($s, $time, $tenant, $actor, $action, $target, $details, $salt, $prev, $hash)");
        Bind(insert, ("$s", entry.Sequence), ("$time", entry.Time.ToUnixTimeMilliseconds()), ("$tenant", entry.Tenant), ("$actor", entry.Actor),
            ("$action", entry.Action), ("$target", entry.Target), ("$details", entry.Details), ("$salt", entry.Salt), ("$prev", entry.PreviousHash), ("$hash", entry.Hash));
        insert.ExecuteNonQuery();
    }

    private static AuditEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        UnixMilliseconds.ToTime(reader.GetInt64(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.GetString(9));

    private static AuditCheckpoint ReadCheckpoint(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        UnixMilliseconds.ToTime(reader.GetInt64(2)),
        reader.GetString(3),
        reader.GetString(4));

    private static List<string> Where(SqliteCommand command, AuditRange range)
    {
        var where = new List<string>();
        void Add(string condition, string name, long? value)
        {
            if (value is not null)
            {
                where.Add(condition);
                command.Parameters.AddWithValue(name, value.Value);
            }
        }
        Add("sequence >= $fromSeq", "$fromSeq", range.FromSequence);
        Add("sequence <= $toSeq", "$toSeq", range.ToSequence);
        Add("time >= $fromTime", "$fromTime", range.FromTime?.ToUnixTimeMilliseconds());
        Add("time < $toTime", "$toTime", range.ToTime?.ToUnixTimeMilliseconds());
        return where;
    }

    private static string Clause(List<string> where) => where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
