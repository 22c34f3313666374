using System.Globalization;
using Keel.Events;
using Keel.Security.Permissions;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Security.ApiKeys;

/// <summary>The embedded API key store: one SQLite file holding key hashes, never keys.</summary>
public sealed class SqliteApiKeyStore : IApiKeyStore
{
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS api_keys (
            id            TEXT PRIMARY KEY,
            tenant        TEXT NOT NULL,
            name          TEXT NOT NULL,
            roles         TEXT NOT NULL,
            secret_sha256 BLOB NOT NULL,
            created_at    TEXT NOT NULL,
            created_by    TEXT NOT NULL,
            revoked_at    TEXT NULL
        );
        """,
        "CREATE INDEX IF NOT EXISTS api_keys_by_tenant ON api_keys (tenant, created_at);",
    ];

    private const string Columns = "id, tenant, name, roles, created_at, created_by, revoked_at";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteApiKeyStore(string path, TimeProvider? time = null)
    {
        OwnerOnlyFile.EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _database = new SqliteDatabase(path, Schema);
        _time = time ?? TimeProvider.System;
    }

    public string DatabasePath => _database.Path;

    public async Task<IssuedApiKey> CreateAsync(string tenant, string name, IReadOnlyCollection<string> roles, string createdBy, CancellationToken cancellationToken)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a valid tenant: {TenantName.Rule}.", nameof(tenant));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count == 0 || roles.Any(role => !KeelRoles.IsKnown(role)))
        {
            throw new ArgumentException($"An API key needs one or more of the roles {string.Join(", ", KeelRoles.All)}.", nameof(roles));
        }
        var key = new ApiKey(ApiKeyText.NewId(), tenant, name.Trim(), roles.Distinct(StringComparer.Ordinal).ToList(),
            _time.GetUtcNow(), createdBy.Trim(), RevokedAt: null);
        var secret = ApiKeyText.Compose(key.Id);
        await using var connection = _database.Open();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO api_keys (id, tenant, name, roles, secret_sha256, created_at, created_by)
            VALUES ($id, $tenant, $name, $roles, $hash, $created_at, $created_by);
            """;
        insert.Parameters.AddWithValue("$id", key.Id);
        insert.Parameters.AddWithValue("$tenant", key.Tenant);
        insert.Parameters.AddWithValue("$name", key.Name);
        insert.Parameters.AddWithValue("$roles", string.Join(' ', key.Roles));
        insert.Parameters.AddWithValue("$hash", ApiKeyText.Hash(secret));
        insert.Parameters.AddWithValue("$created_at", Text(key.CreatedAt));
        insert.Parameters.AddWithValue("$created_by", key.CreatedBy);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return new IssuedApiKey(key, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM api_keys WHERE tenant = $tenant ORDER BY created_at, id;";
        select.Parameters.AddWithValue("$tenant", tenant);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    public async Task<bool> RevokeAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND tenant = $tenant AND revoked_at IS NULL;";
        update.Parameters.AddWithValue("$now", Text(_time.GetUtcNow()));
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$tenant", tenant);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (ApiKeyText.IdOf(presented) is not { } id)
        {
            return null;
        }
        await using var connection = _database.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns}, secret_sha256 FROM api_keys WHERE id = $id;";
        select.Parameters.AddWithValue("$id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var key = Read(reader);
        var hash = (byte[])reader["secret_sha256"];
        return !key.IsRevoked && ApiKeyText.Matches(presented, hash) ? key : null;
    }

    private static ApiKey Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Parse(reader.GetString(4)),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : Parse(reader.GetString(6)));

    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
